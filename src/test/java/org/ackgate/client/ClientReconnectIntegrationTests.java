package org.ackgate.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.json.JsonParserFactory;

import org.ackgate.journal.JournalReader;
import org.ackgate.journal.JournalRecord;
import org.ackgate.journal.JournalStorage;
import org.ackgate.support.TestCertificates;
import org.ackgate.support.TestService;
import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client side of {@code max-connection-age}: the service closes every connection after about
 * 50 ms (right after an ack), and ackgate's own {@code client line} (plain and over TLS),
 * {@code client framed} and {@code client bench} (both engines, pipelined) reconnect and carry on, sending again what got no
 * ack. Each run is checked on both sides: the client got every ack exactly once and in order, and
 * the service counted exactly as many messages and acks as the client sent and journaled each
 * message exactly once (0 lost, 0 duplicated), with connections closed for their age in between.
 */
@TransportIndependent
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientReconnectIntegrationTests {

	// Short, so that a run crosses several ages quickly; the stdin runs go on until they have.
	private static final String[] AGED = { "ackgate.time.enabled=false", "ackgate.udp.enabled=false",
			"ackgate.journal.enabled=true", "ackgate.journal.fsync=none", "ackgate.line.max-connection-age=50ms",
			"ackgate.line.max-connection-age-jitter=20", "ackgate.framed.max-connection-age=50ms",
			"ackgate.framed.max-connection-age-jitter=20" };

	/** At least this many messages on stdin, one at a time, so each connection carries many. */
	private static final int LINES = 2000;

	/** Stdin goes on until the service has closed this many connections for their age. */
	private static final int AGE_CLOSES = 3;

	/** Stdin ends past this many messages whatever happened: the age assertion then says what did not. */
	private static final int MAXIMUM_LINES = 1_000_000;

	/** How long each bench runs: about 30 connection ages, so every connection is replaced many times. */
	private static final String BENCH = "1.5s";

	@TempDir
	Path journal;

	@TempDir
	Path certificates;

	@Test
	void lineCommandSendsEveryLineOnceAcrossAgeDrivenCloses() throws IOException {
		try (TestService service = start()) {
			LinesUntil stdin = untilAged(service, "line", "line-");
			ClientRun run = ClientRun.withInput(stdin, "line", "--port", Integer.toString(service.linePort()));
			List<String> lines = stdin.lines();
			assertThat(run.err()).isEmpty();
			assertThat(run.status()).isZero();
			assertThat(run.out()).isEqualTo(lines.stream().map(line -> "已接收: " + line + "\n").collect(Collectors.joining()));
			assertServerSide(service, "line", lines.size(), AGE_CLOSES);
			assertThat(journaled()).containsExactlyElementsOf(lines);
		}
	}

	@Test
	void framedCommandSendsEveryFrameOnceAcrossAgeDrivenCloses() throws IOException {
		try (TestService service = start()) {
			LinesUntil stdin = untilAged(service, "framed", "frame-");
			ClientRun run = ClientRun.withInput(stdin, "framed", "--port", Integer.toString(service.framedPort()));
			List<String> messages = stdin.lines();
			assertThat(run.err()).isEmpty();
			assertThat(run.status()).isZero();
			assertThat(run.out()).isEqualTo("我收到了\n".repeat(messages.size()));
			assertServerSide(service, "framed", messages.size(), AGE_CLOSES);
			assertThat(journaled()).containsExactlyElementsOf(messages);
		}
	}

	@Test
	void lineCommandOverTlsSendsEveryLineOnceAcrossAgeDrivenCloses() throws IOException {
		TestCertificates certificates = TestCertificates.create(this.certificates);
		List<String> properties = new ArrayList<>(List.of(certificates.pemBundle("server", "server", "ca")));
		properties.add("ackgate.line.ssl.bundle=server");
		try (TestService service = start(properties.toArray(String[]::new))) {
			LinesUntil stdin = untilAged(service, "line", "tls-");
			ClientRun run = ClientRun.withInput(stdin, "line", "--port", Integer.toString(service.linePort()), "--tls",
					"--ca", certificates.certificate("ca").toString());
			List<String> lines = stdin.lines();
			assertThat(run.err()).isEmpty();
			assertThat(run.status()).isZero();
			assertThat(run.out()).isEqualTo(lines.stream().map(line -> "已接收: " + line + "\n").collect(Collectors.joining()));
			assertServerSide(service, "line", lines.size(), AGE_CLOSES);
			assertThat(journaled()).containsExactlyElementsOf(lines);
		}
	}

	@Test
	void benchPipelinedOnLineCarriesOnAcrossAgeDrivenCloses() throws IOException {
		try (TestService service = start()) {
			Map<String, Object> summary = bench("--port", Integer.toString(service.linePort()), "--connections", "4",
					"--pipeline", "8", "--duration", BENCH);
			assertBenchServed(service, "line", summary);
		}
	}

	@Test
	void benchPipelinedOnFramedWithReceiptsCarriesOnAcrossAgeDrivenCloses() throws IOException {
		try (TestService service = start()) {
			Map<String, Object> summary = bench("--protocol", "framed", "--port", Integer.toString(service.framedPort()),
					"--connections", "4", "--pipeline", "8", "--receipt", "--duration", BENCH);
			assertBenchServed(service, "framed", summary);
		}
	}

	@Test
	void benchThroughTheGatewayEngineCarriesOnAcrossAgeDrivenCloses() throws IOException {
		try (TestService service = start()) {
			Map<String, Object> summary = bench("--engine", "gateway", "--port", Integer.toString(service.linePort()),
					"--connections", "3", "--duration", BENCH);
			assertBenchServed(service, "line", summary);
			// A close between two requests is replaced without sending anything again.
			assertThat(((Number) summary.get("resent")).longValue()).isLessThanOrEqualTo(((Number) summary.get("reconnects")).longValue());
		}
	}

	@Test
	void withoutReconnectsTheBenchReportsTheAgeDrivenClose() {
		try (TestService service = start()) {
			ClientRun run = ClientRun.of("bench", "--port", Integer.toString(service.linePort()), "--connections", "1",
					"--duration", "3s", "--max-reconnects", "0", "--no-progress", "--json");
			assertThat(run.status()).isEqualTo(1);
			assertThat(run.err()).startsWith("ackgate: bench: ")
				.contains("1 connection errors (first: connection closed by 127.0.0.1:" + service.linePort());
			assertThat(JsonParserFactory.getJsonParser().parseMap(run.out())).containsEntry("reconnects", 0)
				.containsEntry("resent", 0);
		}
	}

	private TestService start(String... extra) {
		List<String> properties = new ArrayList<>(List.of(AGED));
		properties.add("ackgate.journal.directory=" + this.journal);
		// The client is what is tested; the server's transport has its own tests on both.
		properties.add("ackgate.tcp.transport=event-loop");
		properties.addAll(List.of(extra));
		return TestService.start(properties.toArray(String[]::new));
	}

	private static LinesUntil untilAged(TestService service, String endpoint, String prefix) {
		MeterRegistry registry = service.context().getBean(MeterRegistry.class);
		return new LinesUntil(prefix, LINES, MAXIMUM_LINES,
				() -> registry.get("ackgate.connections.closed").tags("endpoint", endpoint, "reason", "age").counter()
					.count() >= AGE_CLOSES);
	}

	private static Map<String, Object> bench(String... args) {
		List<String> command = new ArrayList<>(List.of("bench", "--no-progress", "--json"));
		command.addAll(List.of(args));
		ClientRun run = ClientRun.of(command.toArray(String[]::new));
		assertThat(run.err()).isEmpty();
		assertThat(run.status()).isZero();
		return JsonParserFactory.getJsonParser().parseMap(run.out());
	}

	private void assertBenchServed(TestService service, String endpoint, Map<String, Object> summary) throws IOException {
		long sent = ((Number) summary.get("sent")).longValue();
		long reconnects = ((Number) summary.get("reconnects")).longValue();
		assertThat(sent).isPositive();
		assertThat(summary).containsEntry("acked", summary.get("sent")).containsEntry("lost", 0)
			.containsEntry("mismatched", 0).containsEntry("errors", 0);
		assertThat(reconnects).as("reconnects").isPositive();
		assertServerSide(service, endpoint, sent, reconnects);
		List<String> journaled = journaled();
		assertThat(journaled).as("every message journaled exactly once").hasSize((int) sent).doesNotHaveDuplicates();
	}

	/**
	 * The service counted each message and ack once, closed at least {@code ageCloses} connections
	 * for their age (as many as the client replaced, at least: nothing else ends a connection here),
	 * and the client reconnected.
	 */
	private static void assertServerSide(TestService service, String endpoint, long messages, long ageCloses) {
		MeterRegistry registry = service.context().getBean(MeterRegistry.class);
		// An ack is counted once it is flushed: the client may have read the last one a moment before.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(counter(registry, "ackgate.acks.sent", endpoint)).as("acks sent")
				.isGreaterThanOrEqualTo(messages));
		assertThat(counter(registry, "ackgate.acks.sent", endpoint)).as("acks sent").isEqualTo(messages);
		assertThat(counter(registry, "ackgate.messages.received", endpoint)).as("messages received").isEqualTo(messages);
		assertThat(counter(registry, "ackgate.connections.opened", endpoint)).as("connections opened").isGreaterThan(1);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(registry.get("ackgate.connections.closed")
			.tags("endpoint", endpoint, "reason", "age")
			.counter()
			.count()).as("connections closed for their age").isPositive().isGreaterThanOrEqualTo(ageCloses));
	}

	private static long counter(MeterRegistry registry, String name, String endpoint) {
		return (long) registry.get(name).tags("endpoint", endpoint).counter().count();
	}

	private List<String> journaled() throws IOException {
		List<String> payloads = new ArrayList<>();
		try (JournalReader reader = new JournalReader(this.journal, JournalStorage.FILES, 0)) {
			JournalRecord record;
			while ((record = reader.next(Long.MAX_VALUE)) != null) {
				payloads.add(new String(record.payload(), StandardCharsets.UTF_8));
			}
		}
		return payloads;
	}

}
