package org.ackgate.journal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;
import org.ackgate.system.SettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The journal behind {@code ackgate.messages} in the whole service: every acked message is in it
 * with endpoint and peer; a failing disk means no ack, the connection closed with the reason,
 * readiness DOWN, and everything back once the disk takes data again.
 */
@ExtendWith(OutputCaptureExtension.class)
class JournalIntegrationTests {

	/** The first two tests share one service, whose storage can fail on demand. */
	@TempDir
	static Path shared;

	private static TestService service;

	@TempDir
	Path directory;

	@BeforeAll
	static void startService() {
		service = TestService.start(new Class<?>[] { FaultyDisk.class }, properties(shared));
	}

	@AfterAll
	static void stopService() {
		service.close();
	}

	private static String[] properties(Path directory, String... more) {
		List<String> all = new java.util.ArrayList<>(List.of("ackgate.journal.enabled=true",
				"ackgate.journal.directory=" + directory, "ackgate.journal.fsync=always",
				"ackgate.time.enabled=false", "ackgate.udp.enabled=false"));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	@Test
	void aDirectoryThatCannotBeUsedStopsStartupWithTheReportNamingTheProperty(CapturedOutput output)
			throws IOException {
		// Under a regular file: refused even to root, as a read-only or foreign volume is to the service.
		Path file = java.nio.file.Files.writeString(this.directory.resolve("a-file"), "not a directory");
		Path journal = file.resolve("journal");
		assertThatThrownBy(() -> TestService.start(properties(journal)).close()).rootCause()
			.isInstanceOf(SettingException.class)
			.hasMessageStartingWith("ackgate.journal.directory=" + journal + " cannot be used for the journal: ");
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("Point ackgate.journal.directory at a directory the service can create and write");
	}

	private static byte[] lineAck(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] frame(String payload) {
		byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
		return java.nio.ByteBuffer.allocate(11 + bytes.length).put("Headers".getBytes(StandardCharsets.US_ASCII))
			.putInt(bytes.length).put(bytes).array();
	}

	@Test
	void everyAckedMessageIsInTheJournalWithEndpointAndPeer() throws Exception {
		MeterRegistry registry = service.context().getBean(MeterRegistry.class);
		double appendsBefore = registry.get("ackgate.journal.appends").counter().count();
		int recordsBefore = records(shared).size();
		try (RawClient line = RawClient.connect(service.linePort());
				RawClient framed = RawClient.connect(service.framedPort())) {
			line.write("one\ntwo\n");
			assertThat(line.read(lineAck("one").length)).isEqualTo(lineAck("one"));
			assertThat(line.read(lineAck("two").length)).isEqualTo(lineAck("two"));
			framed.write(frame("{\"ID\":\"i\"}"));
			assertThat(framed.readText(12)).isEqualTo("我收到了");
			assertThat(registry.get("ackgate.journal.appends").counter().count()).isEqualTo(appendsBefore + 3);
			assertThat(registry.get("ackgate.journal.fsyncs").counter().count()).isPositive();
			assertThat(registry.get("ackgate.journal.group.size").summary().count()).isPositive();
			assertThat(registry.get("ackgate.journal.segments").gauge().value()).isEqualTo(1);
			String peer = "127.0.0.1:" + line.socket().getLocalPort();
			List<JournalRecord> all = records(shared);
			List<JournalRecord> records = all.subList(recordsBefore, all.size());
			assertThat(records).extracting(JournalRecord::endpoint, r -> new String(r.payload(), StandardCharsets.UTF_8))
				.containsExactly(org.assertj.core.groups.Tuple.tuple("line", "one"),
						org.assertj.core.groups.Tuple.tuple("line", "two"),
						org.assertj.core.groups.Tuple.tuple("framed", "{\"ID\":\"i\"}"));
			assertThat(records.get(0).peer()).isEqualTo(peer);
			assertThat(get(service, "/actuator/health/readiness")).contains("\"journal\":{\"details\":{\"enabled\":true");
			assertThat(status(service, "/actuator/health/readiness")).isEqualTo(200);
		}
	}

	@Test
	void aFullDiskMeansNoAckAClosedConnectionAndReadinessDownUntilSpaceReturns(CapturedOutput output)
			throws Exception {
		FaultyStorage storage = service.context().getBean(FaultyStorage.class);
		int recordsBefore = records(shared).size();
		try {
			try (RawClient client = RawClient.connect(service.linePort())) {
				client.write("before\n");
				assertThat(client.read(lineAck("before").length)).isEqualTo(lineAck("before"));
				storage.diskFull(true, 5);
				client.write("lost\n");
				assertThat(client.closedByServer(Duration.ofSeconds(5))).isTrue();
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getOut())
				.contains("closed: message not handed off, so not acked: JournalAppendException: "
						+ "journal append failed: No space left on device"));
			assertThat(status(service, "/actuator/health/readiness")).isEqualTo(503);
			assertThat(get(service, "/actuator/health/readiness"))
				.contains("\"reason\":\"journal append failed: No space left on device\"");
			assertThat(status(service, "/actuator/health/liveness")).isEqualTo(200);

			storage.diskFull(false, 0);
			await().atMost(Duration.ofSeconds(5)).untilAsserted(
					() -> assertThat(status(service, "/actuator/health/readiness")).isEqualTo(200));
			try (RawClient client = RawClient.connect(service.linePort())) {
				client.write("after\n");
				assertThat(client.read(lineAck("after").length)).isEqualTo(lineAck("after"));
			}
			List<JournalRecord> all = records(shared);
			assertThat(all.subList(recordsBefore, all.size()))
				.extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
				.containsExactly("before", "after");
			assertThat(service.context().getBean(MeterRegistry.class).get("ackgate.journal.append.failures").counter()
				.count()).isGreaterThanOrEqualTo(1);
		}
		finally {
			storage.diskFull(false, 0);
		}
	}

	/**
	 * The same on a real full file system: a 1 MiB tmpfs, filled up by a file next to the journal.
	 * Runs only where mounting is allowed (root, not in a restricted container); the fault-injecting
	 * test above covers the rest everywhere.
	 */
	@Test
	void aRealFullTmpfsStopsAcksUntilSpaceReturns() throws Exception {
		Path mount = this.directory.resolve("tmpfs");
		java.nio.file.Files.createDirectories(mount);
		org.junit.jupiter.api.Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
				mount.toString()) == 0, "mount -t tmpfs failed here (it needs root, and a container that allows mounts)");
		try {
			Path journal = mount.resolve("journal");
			try (TestService tmpfs = TestService.start(properties(journal, "ackgate.journal.segment-size=64KB",
					"ackgate.journal.retention.max-size=256KB"))) {
				try (RawClient client = RawClient.connect(tmpfs.linePort())) {
					client.write("before\n");
					assertThat(client.read(lineAck("before").length)).isEqualTo(lineAck("before"));
				}
				Path filler = mount.resolve("filler");
				try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(filler)) {
					byte[] block = new byte[4096];
					while (true) {
						out.write(block);
					}
				}
				catch (IOException full) {
					assertThat(full.getMessage()).contains("No space left on device");
				}
				boolean refused = false;
				for (int i = 0; i < 1000 && !refused; i++) {
					try (RawClient client = RawClient.connect(tmpfs.linePort())) {
						client.write("filling " + i + "\n");
						assertThat(client.read(lineAck("filling " + i).length)).isEqualTo(lineAck("filling " + i));
					}
					catch (IOException closed) {
						refused = true;
					}
				}
				assertThat(refused).as("an append failed once the disk was full").isTrue();
				assertThat(status(tmpfs, "/actuator/health/readiness")).isEqualTo(503);
				assertThat(get(tmpfs, "/actuator/health/readiness")).contains("No space left on device");

				java.nio.file.Files.delete(filler);
				await().atMost(Duration.ofSeconds(5)).untilAsserted(
						() -> assertThat(status(tmpfs, "/actuator/health/readiness")).isEqualTo(200));
				try (RawClient client = RawClient.connect(tmpfs.linePort())) {
					client.write("after\n");
					assertThat(client.read(lineAck("after").length)).isEqualTo(lineAck("after"));
				}
			}
			assertThat(records(journal)).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
				.startsWith("before").endsWith("after");
		}
		finally {
			run("umount", mount.toString());
		}
	}

	private static int run(String... command) throws Exception {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return -1;
			}
			return process.exitValue();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	static List<JournalRecord> records(Path directory) throws IOException {
		List<JournalRecord> records = new java.util.ArrayList<>();
		try (JournalReader reader = new JournalReader(directory, JournalStorage.FILES, 0)) {
			JournalRecord record;
			while ((record = reader.next(Long.MAX_VALUE)) != null) {
				records.add(record);
			}
		}
		return records;
	}

	private static HttpResponse<String> request(TestService service, String path) throws Exception {
		int port = service.managementPort();
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String get(TestService service, String path) throws Exception {
		return request(service, path).body();
	}

	private static int status(TestService service, String path) throws Exception {
		return request(service, path).statusCode();
	}

	@Configuration(proxyBeanMethods = false)
	static class FaultyDisk {

		@Bean
		FaultyStorage faultyStorage() {
			return new FaultyStorage();
		}

	}

}
