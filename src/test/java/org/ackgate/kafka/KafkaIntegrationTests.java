package org.ackgate.kafka;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;

import org.ackgate.messages.AcceptedMessage;
import org.ackgate.observability.Promtool;
import org.ackgate.support.RawClient;
import org.ackgate.support.ServiceProcess;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka against a real single-node KRaft broker on loopback, in its own JVM so it can be killed
 * and started again on the same port and log directory ({@link KafkaBroker}); each test writes
 * to a topic of its own and reads it back with a real KafkaConsumer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class KafkaIntegrationTests {

	@TempDir
	static Path directory;

	static KafkaBroker broker;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void startBroker() throws IOException {
		broker = KafkaBroker.start(directory.resolve("broker"));
	}

	@AfterAll
	static void stopBroker() throws InterruptedException {
		if (broker != null) {
			broker.close();
		}
	}

	private static String[] kafka(String topic, String... more) {
		List<String> properties = new ArrayList<>(List.of("ackgate.kafka.enabled=true", "ackgate.kafka.topic=" + topic,
				"spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "ackgate.kafka.partitions=4",
				"ackgate.kafka.check-interval=500ms"));
		properties.addAll(List.of(more));
		return properties.toArray(String[]::new);
	}

	@Test
	@Order(1)
	void everyAckedMessageIsInTheTopicOnceInOrderWithItsHeadersAndExactBytes() throws Exception {
		FlowThreads.ON_LOOP.set(0);
		FlowThreads.OFF_LOOP.set(0);
		try (TestService service = TestService.start(new Class<?>[] { FlowThreads.class }, kafka("load"))) {
			awaitReady(service);
			try (AckingClients clients = AckingClients.start(service.linePort(), service.framedPort(), 100, 200)) {
				assertThat(clients.awaitDone(Duration.ofMinutes(3))).as("every client finished").isTrue();
				assertThat(clients.endedBy.values()).containsOnly("done");
				assertThat(clients.ackCount.get()).isEqualTo(2 * 100 * 200);
				List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(broker.bootstrapServers(), "load");
				assertThat(records).hasSize(2 * 100 * 200);
				Map<String, List<ConsumerRecord<byte[], byte[]>>> byConnection = byConnection(records);
				for (String connection : clients.acked.keySet()) {
					List<ConsumerRecord<byte[], byte[]>> sent = byConnection.get(connection);
					assertThat(payloads(sent)).as(connection).containsExactlyElementsOf(clients.ackedOn(connection));
					assertLayout(sent, connection);
				}
			}
			MeterRegistry registry = service.context().getBean(MeterRegistry.class);
			assertThat(registry.get("ackgate.kafka.records.sent").tag("endpoint", "line").counter().count())
				.isEqualTo(100 * 200);
			assertThat(registry.get("ackgate.kafka.send.latency").timer().count()).isEqualTo(2 * 100 * 200);
			assertThat(readiness(service).body()).contains("\"kafka\"");
			if (!"blocking".equals(System.getProperty("ackgate.tcp.transport"))) {
				// Once the broker has confirmed a record, messages stay on the loop, Kafka promising its
				// confirmations; the first ones wait off the loop while the producer fetches the topic's metadata.
				assertThat(FlowThreads.ON_LOOP.get()).as("messages whose flow ran on an event loop")
					.isGreaterThan(2 * 100 * 200 * 9 / 10);
			}
			assertScrapeIsClean(service, "ackgate_kafka_records_sent_total{endpoint=\"framed\"} 20000.0",
					"ackgate_kafka_send_latency_seconds_bucket{le=\"0.01\"}", "ackgate_kafka_send_failures_total{reason=\"timeout\"} 0.0",
					"kafka_producer_record_send_total{", "kafka_producer_records_per_request_avg{");
		}
	}

	/** Counts where the messages' flows ran: on an event loop, or handed off it. */
	@Configuration(proxyBeanMethods = false)
	static class FlowThreads {

		static final AtomicLong ON_LOOP = new AtomicLong();

		static final AtomicLong OFF_LOOP = new AtomicLong();

		@Bean
		IntegrationFlow flowThreadsFlow() {
			return IntegrationFlow.from("ackgate.messages")
				.handle(message -> (Thread.currentThread().getName().startsWith("ackgate-loop-") ? ON_LOOP : OFF_LOOP)
					.incrementAndGet(), endpoint -> endpoint.id("test.flowThreads"))
				.get();
		}

	}

	/** The headers, the key, the timestamp, and the AcceptedMessage a consumer rebuilds. */
	private static void assertLayout(List<ConsumerRecord<byte[], byte[]>> records, String connection) {
		String connectionId = TopicReader.header(records.get(0), KafkaRecords.CONNECTION);
		assertThat(connectionId).isNotBlank();
		for (ConsumerRecord<byte[], byte[]> record : records) {
			AcceptedMessage message = KafkaRecords.toAcceptedMessage(record);
			assertThat(message.endpoint() + "/" + message.peer()).isEqualTo(connection);
			assertThat(message.connectionId()).isEqualTo(connectionId);
			assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(connectionId);
			assertThat(record.timestamp()).isEqualTo(message.receivedAt().toEpochMilli());
			assertThat(TopicReader.header(record, KafkaRecords.RECEIVED_AT))
				.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");
			assertThat(message.receivedAt()).isBetween(Instant.now().minusSeconds(600), Instant.now());
		}
	}

	@Test
	@Order(2)
	void aBrokerOutageStopsAcksClosesConnectionsWithTheirReasonAndHealsByItself(CapturedOutput output)
			throws Exception {
		try (TestService service = TestService.start(kafka("outage", "ackgate.kafka.send-timeout=3s"))) {
			awaitReady(service);
			AckingClients clients = AckingClients.start(service.linePort(), service.framedPort(), 20, 1_000_000);
			try (clients) {
				await().atMost(Duration.ofSeconds(60)).until(() -> clients.ackCount.get() > 2000);
				broker.kill();
				assertThat(clients.awaitDone(Duration.ofSeconds(60))).as("every connection closed").isTrue();
				assertThat(clients.endedBy.values()).allMatch(ended -> ended.startsWith("closed"));
			}
			try (RawClient client = RawClient.connect(service.linePort())) {
				client.write("while the broker is down\n");
				assertThat(client.closedByServer(Duration.ofSeconds(30))).as("closed, no ack").isTrue();
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> readiness(service).statusCode() == 503);
			assertThat(readiness(service).body()).contains("not reachable");
			assertThat(output).contains("message not handed off, so not acked: KafkaSendException: Kafka");
			MeterRegistry registry = service.context().getBean(MeterRegistry.class);
			assertThat(registry.find("ackgate.kafka.send.failures").counters().stream().mapToDouble(c -> c.count()).sum())
				.isPositive();

			broker.start();
			await().atMost(Duration.ofSeconds(90)).until(() -> readiness(service).statusCode() == 200);
			try (AckingClients after = AckingClients.start(service.linePort(), service.framedPort(), 2, 10)) {
				assertThat(after.awaitDone(Duration.ofSeconds(60))).isTrue();
				assertThat(after.endedBy.values()).containsOnly("done");
				List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(broker.bootstrapServers(), "outage");
				Map<String, List<ConsumerRecord<byte[], byte[]>>> byConnection = byConnection(records);
				assertAckedInOrder(clients, byConnection, 1);
				assertAckedInOrder(after, byConnection, 0);
			}
		}
	}

	@Test
	@Order(3)
	void killedWithSigkillMidLoadEveryAckedMessageIsInTheTopic() throws Exception {
		try (ServiceProcess process = ServiceProcess.start(Path.of(System.getProperty("java.home")),
				kafka("crash", "management.server.port=0"))) {
			int port = process.linePort(Duration.ofSeconds(120));
			// Where a Service would wait for readiness: this process runs without a web server.
			await().atMost(Duration.ofSeconds(60))
				.until(() -> process.output().stream().anyMatch(line -> line.contains("Kafka topic crash on")
						&& line.contains("is writable")));
			AckingClients clients = AckingClients.start(port, 0, 20, 1_000_000);
			try (clients) {
				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(() -> assertThat(clients.ackCount.get())
						.as(() -> "acks, with the service's output:\n" + String.join("\n", process.output()))
						.isGreaterThan(3000));
				process.kill();
				assertThat(clients.awaitDone(Duration.ofSeconds(30))).isTrue();
			}
			assertAckedInOrder(clients, byConnection(TopicReader.readAll(broker.bootstrapServers(), "crash")), 1);
		}
	}

	@Test
	@Order(6)
	void localModeSkipsARecordKafkaCanNeverTakeAndDeliversTheOthers(CapturedOutput output) throws Exception {
		try (TestService service = TestService.start(kafka("toolarge", "ackgate.kafka.ack-mode=local",
				"ackgate.journal.enabled=true", "ackgate.journal.directory=" + directory.resolve("journal-toolarge"),
				"ackgate.line.max-message-size=2MB", "ackgate.kafka.forward.max-backoff=500ms"))) {
			assertThat(output).contains("ackgate.line.max-message-size (2097152 bytes) is above what the Kafka producer "
					+ "sends, spring.kafka.producer.properties[max.request.size] (1048576 bytes");
			MeterRegistry registry = service.context().getBean(MeterRegistry.class);
			assertThat(registry.get("ackgate.kafka.rejected").counter().count()).isZero();
			awaitReady(service);
			String big = "x".repeat(1536 * 1024);
			try (RawClient client = RawClient.connect(service.linePort())) {
				for (String line : List.of("before", big, "after")) {
					client.write(line + "\n");
					byte[] ack = ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
					assertThat(client.read(ack.length)).isEqualTo(ack);
				}
			}
			await().atMost(Duration.ofSeconds(60))
				.until(() -> registry.get("ackgate.kafka.backlog").gauge().value() == 0);
			assertThat(registry.get("ackgate.kafka.rejected").counter().count()).isEqualTo(1);
			List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(broker.bootstrapServers(), "toolarge");
			assertThat(payloads(records)).map(bytes -> new String(bytes, StandardCharsets.UTF_8))
				.containsExactly("before", "after");
			assertThat(output).contains("Kafka refused the journal record at offset")
				.contains("(1572864 bytes, from 127.0.0.1:");
			assertThat(readiness(service).statusCode()).as("one refused record is not an outage").isEqualTo(200);
			assertScrapeIsClean(service, "ackgate_kafka_rejected_total 1.0");
		}
	}

	@Test
	@Order(4)
	void localModeAcksThroughAnOutageAndTheBacklogDrainsInOrderAfterwards() throws Exception {
		try (TestService service = TestService.start(kafka("local", "ackgate.kafka.ack-mode=local",
				"ackgate.journal.enabled=true", "ackgate.journal.directory=" + directory.resolve("journal"),
				"ackgate.kafka.send-timeout=2s", "ackgate.kafka.forward.max-backoff=500ms"))) {
			MeterRegistry registry = service.context().getBean(MeterRegistry.class);
			broker.kill();
			await().atMost(Duration.ofSeconds(30)).until(() -> readiness(service).body().contains("not reachable"));
			assertThat(readiness(service).statusCode()).as("the journal acks: still ready").isEqualTo(200);
			AckingClients clients = AckingClients.start(service.linePort(), service.framedPort(), 10, 100);
			try (clients) {
				assertThat(clients.awaitDone(Duration.ofSeconds(60))).isTrue();
				assertThat(clients.endedBy.values()).containsOnly("done");
			}
			assertThat(registry.get("ackgate.kafka.backlog").gauge().value()).isEqualTo(2 * 10 * 100);
			broker.start();
			await().atMost(Duration.ofSeconds(90))
				.until(() -> registry.get("ackgate.kafka.backlog").gauge().value() == 0);
			assertScrapeIsClean(service, "ackgate_kafka_backlog_records 0.0");
			List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(broker.bootstrapServers(), "local");
			Map<String, List<ConsumerRecord<byte[], byte[]>>> byConnection = byConnection(records);
			for (String connection : clients.acked.keySet()) {
				// A batch that failed part-way is sent again whole: copies, never gaps or reordering.
				assertThat(withoutRepeats(payloads(byConnection.get(connection)))).as(connection)
					.containsExactlyElementsOf(clients.ackedOn(connection));
			}
			assertThat(records.size()).as("duplicates at most one batch per retry")
				.isLessThanOrEqualTo(2 * 10 * 100 + 500 * (int) registry.find("ackgate.kafka.send.failures")
					.counters()
					.stream()
					.mapToDouble(c -> c.count())
					.sum());
		}
	}

	@Test
	@Order(5)
	void aBrokerThatStopsAnsweringGetsNoAckAfterTheSendTimeoutAndAcksResumeWhenItAnswers(CapturedOutput output)
			throws Exception {
		// No check-interval of 500 ms here: the check would race the send for who reports the
		// silent broker first; this test is about the send's own deadline.
		try (TestService service = TestService.start("ackgate.kafka.enabled=true", "ackgate.kafka.topic=paused",
				"spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "ackgate.kafka.send-timeout=1s",
				"ackgate.kafka.check-interval=1h")) {
			awaitReady(service);
			MeterRegistry registry = service.context().getBean(MeterRegistry.class);
			byte[] ack = "已接收: before\n".getBytes(StandardCharsets.UTF_8);
			try (RawClient client = RawClient.connect(service.linePort())) {
				client.write("before\n");
				assertThat(client.read(ack.length)).isEqualTo(ack);
			}
			broker.pause();
			try (RawClient client = RawClient.connect(service.linePort())) {
				long sent = System.nanoTime();
				client.write("while the broker is silent\n");
				assertThat(client.closedByServer(Duration.ofSeconds(15))).as("closed, no ack").isTrue();
				assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("not before the send timeout")
					.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
			}
			finally {
				broker.resume();
			}
			assertThat(output).contains("Kafka did not confirm within PT1S (topic paused on " + broker.bootstrapServers());
			assertThat(registry.get("ackgate.kafka.send.failures").tag("reason", "timeout").counter().count())
				.isEqualTo(1.0);
			byte[] after = "已接收: after\n".getBytes(StandardCharsets.UTF_8);
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				try (RawClient client = RawClient.connect(service.linePort())) {
					client.write("after\n");
					assertThat(client.read(after.length)).isEqualTo(after);
				}
			});
		}
	}

	/**
	 * Every acked message once, in order, followed by at most {@code extra} sent but never acked. A
	 * later client may have had the same port, and so the same peer in its records: only these
	 * clients' payloads count.
	 */
	private static void assertAckedInOrder(AckingClients clients,
			Map<String, List<ConsumerRecord<byte[], byte[]>>> byConnection, int extra) {
		for (String connection : clients.acked.keySet()) {
			List<byte[]> acked = clients.ackedOn(connection);
			List<byte[]> inTopic = payloads(byConnection.getOrDefault(connection, List.of())).stream()
				.filter(clients::sent)
				.toList();
			assertThat(inTopic.size()).as(connection).isBetween(acked.size(), acked.size() + extra);
			assertThat(inTopic.subList(0, acked.size())).as(connection).containsExactlyElementsOf(acked);
		}
	}

	private static Map<String, List<ConsumerRecord<byte[], byte[]>>> byConnection(
			List<ConsumerRecord<byte[], byte[]>> records) {
		Map<String, List<ConsumerRecord<byte[], byte[]>>> byConnection = new LinkedHashMap<>();
		for (ConsumerRecord<byte[], byte[]> record : records) {
			String connection = TopicReader.header(record, KafkaRecords.ENDPOINT) + "/"
					+ TopicReader.header(record, KafkaRecords.PEER);
			byConnection.computeIfAbsent(connection, key -> new ArrayList<>()).add(record);
		}
		return byConnection;
	}

	private static List<byte[]> payloads(List<ConsumerRecord<byte[], byte[]>> records) {
		return records.stream().map(ConsumerRecord::value).toList();
	}

	/** The sequence with each payload kept at its first appearance only. */
	private static List<byte[]> withoutRepeats(List<byte[]> payloads) {
		Map<String, byte[]> seen = new LinkedHashMap<>();
		for (byte[] payload : payloads) {
			seen.putIfAbsent(new String(payload, StandardCharsets.ISO_8859_1), payload);
		}
		return new ArrayList<>(seen.values());
	}

	/** The exposition holds these lines (or line starts) and passes {@code promtool check metrics}. */
	private void assertScrapeIsClean(TestService service, String... expected) throws Exception {
		String scrape = get(service, "/actuator/prometheus").body();
		assertThat(scrape).contains(expected);
		Promtool.assertCleanIfInstalled(scrape, "the exposition with Kafka on");
	}

	/** As Kubernetes does: no traffic before readiness. */
	private void awaitReady(TestService service) {
		await().atMost(Duration.ofSeconds(60)).until(() -> readiness(service).statusCode() == 200);
	}

	private HttpResponse<String> readiness(TestService service) throws IOException, InterruptedException {
		return get(service, "/actuator/health/readiness");
	}

	private HttpResponse<String> get(TestService service, String path) throws IOException, InterruptedException {
		int port = service.managementPort();
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
