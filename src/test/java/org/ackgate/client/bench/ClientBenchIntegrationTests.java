package org.ackgate.client.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.json.JsonParserFactory;

import org.ackgate.client.ClientRun;
import org.ackgate.client.ServiceUnderTest;
import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code client bench} against the running service: N connections × M messages, every ack checked,
 * nothing lost or mismatched, the summary parsed. No assertion on speed: this box is shared.
 */
@TransportIndependent
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientBenchIntegrationTests {

	private static ServiceUnderTest service;

	@BeforeAll
	static void startService() {
		service = ServiceUnderTest.get();
	}

	@Test
	void lineConnectionsTimesMessages() {
		Map<String, Object> summary = bench("--port", service.linePort(), "--connections", "20", "--messages", "250");
		assertClean(summary, 20 * 250);
		assertThat(summary).containsEntry("protocol", "line").containsEntry("engine", "socket");
	}

	@Test
	void linePipelinedWithLargeMessages() {
		assertClean(bench("--port", service.linePort(), "--connections", "4", "--messages", "200", "--pipeline", "16",
				"--size", "16KB"), 4 * 200);
	}

	@Test
	void framedPipelinedWithReceipts() {
		Map<String, Object> summary = bench("--protocol", "framed", "--port", service.framedPort(), "--connections", "10",
				"--messages", "300", "--pipeline", "8", "--receipt");
		assertClean(summary, 10 * 300);
	}

	@Test
	void udpTime() {
		Map<String, Object> summary = bench("--protocol", "udp", "--port", service.udpPort(), "--connections", "4",
				"--messages", "200", "--pipeline", "2");
		assertClean(summary, 4 * 200);
	}

	@Test
	void throughTheGatewayEngine() {
		assertClean(bench("--engine", "gateway", "--port", service.linePort(), "--connections", "4", "--messages", "100"),
				4 * 100);
	}

	@Test
	void forADuration() {
		Map<String, Object> summary = bench("--port", service.linePort(), "--connections", "2", "--duration", "500ms");
		assertThat(((Number) summary.get("acked")).longValue()).isPositive().isEqualTo(((Number) summary.get("sent")).longValue());
		assertThat(summary).containsEntry("lost", 0).containsEntry("mismatched", 0).containsEntry("errors", 0)
			.containsEntry("duration_seconds", 0.5).containsEntry("messages_per_connection", null);
	}

	@Test
	void aWarmUpIsNotCounted() {
		assertClean(bench("--port", service.linePort(), "--connections", "2", "--messages", "100", "--warmup", "300ms"),
				2 * 100);
	}

	@Test
	void aWrongExpectationIsCountedAsMismatched() {
		ClientRun run = ClientRun.of("bench", "--port", service.linePort(), "--connections", "2", "--messages", "10",
				"--ack-prefix", "got: ", "--json", "--no-progress");
		assertThat(run.status()).isEqualTo(1);
		Map<String, Object> summary = JsonParserFactory.getJsonParser().parseMap(run.out());
		assertThat(summary).containsEntry("sent", 20).containsEntry("acked", 0).containsEntry("mismatched", 20)
			.containsEntry("lost", 0);
		assertThat(run.err()).isEqualTo("ackgate: bench: 0 lost, 20 mismatched, 0 connection errors\n");
	}

	@Test
	void textSummaryAndProgress() {
		ClientRun run = ClientRun.of("bench", "--port", service.linePort(), "--connections", "2", "--duration", "1500ms",
				"--warmup", "200ms");
		assertThat(run.status()).isZero();
		assertThat(run.out()).startsWith("protocol     line (socket engine)\n").contains("\nlost         0\n",
				"\nmismatched   0\n", "\nerrors       0\n").containsPattern("throughput   \\d+ messages/s\n");
		assertThat(run.err()).containsPattern("^warm-up: \\d+ acked in \\d+\\.\\d s\n")
			.containsPattern("\\[ +\\d+\\.\\ds\\] acked \\d+ \\(\\d+/s\\), lost 0, mismatched 0, errors 0");
	}

	private static Map<String, Object> bench(String... options) {
		String[] args = new String[options.length + 3];
		args[0] = "bench";
		System.arraycopy(options, 0, args, 1, options.length);
		args[options.length + 1] = "--json";
		args[options.length + 2] = "--no-progress";
		ClientRun run = ClientRun.of(args);
		assertThat(run.err()).isEmpty();
		assertThat(run.status()).isZero();
		return JsonParserFactory.getJsonParser().parseMap(run.out());
	}

	private static void assertClean(Map<String, Object> summary, int messages) {
		assertThat(summary).containsEntry("sent", messages).containsEntry("acked", messages).containsEntry("lost", 0)
			.containsEntry("mismatched", 0).containsEntry("errors", 0);
		assertThat(((Number) summary.get("messages_per_second")).doubleValue()).isPositive();
		assertThat(((Number) summary.get("p50_us")).doubleValue()).isPositive()
			.isLessThanOrEqualTo(((Number) summary.get("p99_us")).doubleValue());
	}

}
