package org.ackgate.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.ackgate.observability.Promtool;
import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;
import org.ackgate.system.SettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The relay against real upstreams: a line server written the tutorial's way that the test stops and starts
 * again, and a second ackgate's framed endpoint.
 */
@ExtendWith(OutputCaptureExtension.class)
class RelayIntegrationTests {

	private static final String READINESS = "/actuator/health/readiness";

	private static final String[] ONLY_LINE = { "ackgate.framed.enabled=false", "ackgate.time.enabled=false",
			"ackgate.udp.enabled=false" };

	@TempDir
	Path directory;

	private static String[] properties(String[] base, String... more) {
		List<String> all = new ArrayList<>(List.of(base));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	private static byte[] ack(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private static void sendAndExpectAck(RawClient client, String line) throws IOException {
		client.write(line + "\n");
		assertThat(client.read(ack(line).length)).isEqualTo(ack(line));
	}

	@Test
	void upstreamModeAcksOnlyWhatTheUpstreamAckedAndClosesTheConnectionWhenItIsDown(CapturedOutput output)
			throws Exception {
		LineUpstream upstream = LineUpstream.start();
		int port = upstream.port();
		try (TestService service = TestService.start(properties(ONLY_LINE, "ackgate.relay.enabled=true",
				"ackgate.relay.host=127.0.0.1", "ackgate.relay.port=" + port, "ackgate.relay.ack-mode=upstream",
				"ackgate.relay.connect-timeout=1s", "ackgate.relay.reply-timeout=2s"))) {
			try (RawClient client = RawClient.connect(service.linePort())) {
				sendAndExpectAck(client, "one");
				sendAndExpectAck(client, "你好");
				assertThat(upstream.received()).containsExactly("one", "你好");
			}
			MeterRegistry registry = service.context().getBean(MeterRegistry.class);
			assertThat(registry.get("ackgate.relay.forwarded").counter().count()).isEqualTo(2);
			assertThat(registry.get("ackgate.relay.upstream.up").gauge().value()).isEqualTo(1);

			upstream.close();
			try (RawClient client = RawClient.connect(service.linePort())) {
				client.write("lost\n");
				assertThat(client.closedByServer(Duration.ofSeconds(10))).isTrue();
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getOut())
				.contains("message not handed off, so not acked: RelayException: relay to 127.0.0.1:" + port + " failed: "));
			assertThat(registry.get("ackgate.relay.upstream.up").gauge().value()).isZero();
			assertThat(upstream.received()).doesNotContain("lost");
		}
		finally {
			upstream.close();
		}
	}

	@Test
	void upstreamModeIsNotReadyWhileTheUpstreamIsDownAndHealsByItselfWhenItIsBack(CapturedOutput output)
			throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		LineUpstream upstream = LineUpstream.start(0, received);
		int port = upstream.port();
		try (TestService service = TestService.start(properties(ONLY_LINE, "ackgate.relay.enabled=true",
				"ackgate.relay.host=127.0.0.1", "ackgate.relay.port=" + port, "ackgate.relay.ack-mode=upstream",
				"ackgate.relay.connect-timeout=1s", "ackgate.relay.reply-timeout=2s",
				"ackgate.relay.probe-interval=200ms"))) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(status(service, READINESS)).isEqualTo(200));
			assertThat(get(service, READINESS)).contains("\"ackMode\":\"upstream\"",
					"\"reachable\":true", "\"upstream\":\"127.0.0.1:" + port + "\"");
			try (RawClient client = RawClient.connect(service.linePort())) {
				sendAndExpectAck(client, "before");
			}

			upstream.close();
			// No client sends anything: the probe alone takes the replica out of the Service.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(status(service, READINESS)).isEqualTo(503));
			assertThat(get(service, READINESS)).contains("\"status\":\"DOWN\"", "\"reachable\":false",
					"\"reason\":\"connect to 127.0.0.1:" + port + " failed: connection refused\"");
			try (RawClient client = RawClient.connect(service.linePort())) {
				client.write("lost\n");
				assertThat(client.closedByServer(Duration.ofSeconds(10))).as("no ack, the connection closed").isTrue();
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getOut())
				.contains("message not handed off, so not acked: RelayException: relay to 127.0.0.1:" + port + " failed: "));
			assertThat(status(service, READINESS)).isEqualTo(503);
			assertThat(status(service, "/actuator/health/liveness")).as("an upstream outage never restarts the pod")
				.isEqualTo(200);

			upstream = LineUpstream.start(port, received);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(status(service, READINESS)).isEqualTo(200));
			// The pool may still hold a connection the stopped upstream cut: that first exchange fails
			// and closes its client, so the acks resume at most one connection later.
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				try (RawClient client = RawClient.connect(service.linePort())) {
					sendAndExpectAck(client, "after");
				}
			});
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(status(service, READINESS)).isEqualTo(200));
			assertThat(received).contains("before", "after").doesNotContain("lost");
			assertThat(output.getOut()).contains("Relay upstream unreachable, not ready until it answers (messages are not acked): connect to 127.0.0.1:" + port,
					"Relay upstream 127.0.0.1:" + port + " accepts connections again");
		}
		finally {
			upstream.close();
		}
	}

	@Test
	void upstreamModeStartsNotReadyWhenTheUpstreamIsUnreachable() throws Exception {
		LineUpstream reserved = LineUpstream.start();
		int port = reserved.port();
		reserved.close();
		try (TestService service = TestService.start(properties(ONLY_LINE, "ackgate.relay.enabled=true",
				"ackgate.relay.host=127.0.0.1", "ackgate.relay.port=" + port, "ackgate.relay.connect-timeout=1s",
				"ackgate.relay.probe-interval=200ms"))) {
			assertThat(status(service, READINESS)).isEqualTo(503);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(service, READINESS))
				.contains("failed: connection refused"));
			assertThat(service.context().getBean(MeterRegistry.class).get("ackgate.relay.upstream.up").gauge().value())
				.isZero();
		}
	}

	@Test
	void localModeAcksWhileTheUpstreamIsDownResumesAfterARestartAndDrainsInOrderPerSource() throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		LineUpstream reserved = LineUpstream.start(0, received);
		int port = reserved.port();
		reserved.close();
		String[] local = properties(ONLY_LINE, "ackgate.journal.enabled=true",
				"ackgate.journal.directory=" + this.directory, "ackgate.relay.enabled=true",
				"ackgate.relay.host=127.0.0.1", "ackgate.relay.port=" + port, "ackgate.relay.ack-mode=local",
				"ackgate.relay.connect-timeout=1s", "ackgate.relay.reply-timeout=2s",
				"ackgate.relay.retry.initial-backoff=20ms", "ackgate.relay.retry.max-backoff=200ms");
		int sources = 4;
		int each = 25;
		try (TestService service = TestService.start(local)) {
			sendFromEverySource(service, sources, 0, each);
			MeterRegistry registry = service.context().getBean(MeterRegistry.class);
			assertThat(registry.get("ackgate.relay.backlog").gauge().value()).isPositive();
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(registry.get("ackgate.relay.retries").counter().count()).isPositive());
			assertThat(registry.get("ackgate.relay.upstream.up").gauge().value()).isZero();
			assertThat(status(service, READINESS)).as("the journal acks: the upstream is a detail").isEqualTo(200);
			assertThat(get(service, READINESS)).contains("\"ackMode\":\"local\"", "\"reachable\":false",
					"\"backlogBytes\":");
		}
		assertThat(this.directory.resolve("relay.cursor")).exists();
		try (TestService service = TestService.start(local)) {
			sendFromEverySource(service, sources, each, each);
			MeterRegistry registry = service.context().getBean(MeterRegistry.class);
			double backlog = registry.get("ackgate.relay.backlog").gauge().value();
			assertThat(backlog).as("both runs' messages wait").isPositive();
			try (LineUpstream upstream = LineUpstream.start(port, received)) {
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					assertThat(registry.get("ackgate.relay.backlog").gauge().value()).isZero();
					assertThat(received).hasSizeGreaterThanOrEqualTo(sources * 2 * each);
				});
				assertThat(registry.get("ackgate.relay.upstream.up").gauge().value()).isEqualTo(1);
			}
			String scrape = scrape(service);
			assertThat(scrape).contains("ackgate_relay_backlog_bytes 0.0", "ackgate_relay_upstream_up 1.0",
					"ackgate_journal_appends_total " + (sources * each) + ".0", "ackgate_journal_group_size_bucket");
			assertThat(Files.size(this.directory.resolve("00000000000000000000.journal")))
				.as("the size gauge follows the appends")
				.isEqualTo((long) registry.get("ackgate.journal.size").gauge().value());
			Promtool.assertCleanIfInstalled(scrape, "the exposition with the journal and relay on");
		}
		for (int source = 0; source < sources; source++) {
			String prefix = "s" + source + "-";
			List<String> firstSeen = received.stream().filter(line -> line.startsWith(prefix)).distinct().toList();
			assertThat(firstSeen).as("source %d in order, every message", source)
				.isEqualTo(IntStream.range(0, 2 * each).mapToObj(n -> prefix + n).toList());
		}
		assertThat(Files.readString(this.directory.resolve("relay.cursor")).trim()).isNotEqualTo("0");
	}

	private static String scrape(TestService service) throws Exception {
		return get(service, "/actuator/prometheus");
	}

	private static String get(TestService service, String path) throws Exception {
		return request(service, path).body();
	}

	private static int status(TestService service, String path) throws Exception {
		return request(service, path).statusCode();
	}

	private static java.net.http.HttpResponse<String> request(TestService service, String path) throws Exception {
		int port = service.managementPort();
		return java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
	}

	private static void sendFromEverySource(TestService service, int sources, int from, int count) throws Exception {
		List<Thread> threads = new ArrayList<>();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		for (int source = 0; source < sources; source++) {
			String prefix = "s" + source + "-";
			Thread thread = new Thread(() -> {
				try (RawClient client = RawClient.connect(service.linePort())) {
					for (int n = from; n < from + count; n++) {
						sendAndExpectAck(client, prefix + n);
					}
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join(30_000);
			assertThat(thread.isAlive()).as("a sender still waiting for its acks after 30 s").isFalse();
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void aFramedUpstreamGetsFramesAndReceipts() throws Exception {
		try (TestService upstream = TestService.start(ONLY_LINE[1], ONLY_LINE[2], "ackgate.line.enabled=false");
				TestService service = TestService.start(properties(ONLY_LINE, "ackgate.relay.enabled=true",
						"ackgate.relay.host=127.0.0.1", "ackgate.relay.port=" + upstream.framedPort(),
						"ackgate.relay.protocol=framed", "ackgate.relay.pool-size=2"));
				RawClient client = RawClient.connect(service.linePort())) {
			sendAndExpectAck(client, "{\"ID\":\"i\"}");
			sendAndExpectAck(client, "second");
			MeterRegistry upstreamRegistry = upstream.context().getBean(MeterRegistry.class);
			assertThat(upstreamRegistry.get("ackgate.messages.received").tag("endpoint", "framed").counter().count())
				.isEqualTo(2);
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
					upstreamRegistry.get("ackgate.receipts").tag("endpoint", "framed").counter().count()).isEqualTo(2));
			assertThat(upstreamRegistry.get("ackgate.skipped.bytes").tag("endpoint", "framed").counter().count())
				.isZero();
		}
	}

	@Test
	void localModeWithoutTheJournalFailsAtStartupSayingWhy(CapturedOutput output) {
		assertThatException().isThrownBy(() -> TestService.start(properties(ONLY_LINE, "ackgate.relay.enabled=true",
				"ackgate.relay.host=127.0.0.1", "ackgate.relay.ack-mode=local")).close())
			.satisfies(ex -> {
				Throwable root = ex;
				while (root.getCause() != null) {
					root = root.getCause();
				}
				assertThat(root).isInstanceOf(SettingException.class)
					.hasMessageContaining("ackgate.relay.ack-mode=local forwards from the journal");
			});
		// The short report, not a stack trace.
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("Set ackgate.journal.enabled=true, or ackgate.relay.ack-mode=upstream.")
			.doesNotContain("Application run failed");
	}

}
