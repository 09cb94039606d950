package org.ackgate.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Kafka configured but no broker to be had: startup, readiness, and settings that cannot work. */
@ExtendWith(OutputCaptureExtension.class)
class KafkaStartupIntegrationTests {

	@TempDir
	Path directory;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void anUnreachableBrokerLeavesTheServiceRunningNotReadyAndAcksNothing(CapturedOutput output) throws Exception {
		String nowhere = "127.0.0.1:" + closedPort();
		try (TestService service = TestService.start("ackgate.kafka.enabled=true",
				"spring.kafka.bootstrap-servers=" + nowhere, "ackgate.kafka.send-timeout=1s",
				"ackgate.kafka.check-interval=500ms")) {
			HttpResponse<String> readiness = readiness(service);
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(readiness.body()).contains("\"kafka\"", "not reachable");
			assertThat(output).contains("Kafka brokers " + nowhere + " not reachable",
					"readiness is DOWN and no message is acked until the broker confirms again");
			try (RawClient client = RawClient.connect(service.linePort())) {
				client.write("no broker\n");
				assertThat(client.closedByServer(Duration.ofSeconds(30))).as("closed without an ack").isTrue();
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output).contains("message not handed off, so not acked: "
						+ "KafkaSendException: Kafka unavailable, not sent: Kafka brokers " + nowhere));
			MeterRegistry registry = service.context().getBean(MeterRegistry.class);
			assertThat(registry.get("ackgate.kafka.send.failures").tag("reason", "unavailable").counter().count())
				.isEqualTo(1);
			assertThat(registry.get("ackgate.connections.closed").tag("endpoint", "line").tag("reason", "error")
				.counter().count()).isEqualTo(1);
		}
	}

	@Test
	void localModeWithoutTheJournalStopsStartupNamingTheProperty() {
		assertThatThrownBy(() -> TestService.start("ackgate.kafka.enabled=true", "ackgate.kafka.ack-mode=local",
				"spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort()).close())
			.rootCause()
			.isInstanceOf(KafkaConfigurationException.class)
			.hasMessageStartingWith("ackgate.kafka.ack-mode=local acks once a message is journaled, but the journal is off");
	}

	@Test
	void aBootstrapAddressTheKafkaClientRefusesStopsStartupWithTheReport(CapturedOutput output) {
		assertThatThrownBy(() -> TestService.start("ackgate.kafka.enabled=true",
				"spring.kafka.bootstrap-servers=no-port-here").close())
			.rootCause()
			.isInstanceOf(ConfigException.class);
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("The Kafka client refused its configuration: Invalid url in bootstrap.servers: no-port-here")
			.contains("spring.kafka.bootstrap-servers")
			.doesNotContain("Application run failed");
	}

	@Test
	void aProducerThatWouldAckTooEarlyStopsStartupNamingTheProperty() {
		assertThatThrownBy(() -> TestService.start("ackgate.kafka.enabled=true", "spring.kafka.producer.acks=1",
				"spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort()).close())
			.rootCause()
			.isInstanceOf(KafkaConfigurationException.class)
			.hasMessageStartingWith("spring.kafka.producer.acks=1 would let ackgate ack messages");
	}

	@Test
	void withKafkaOffTheHealthMemberIsUpAndNothingKafkaExists() throws Exception {
		try (TestService service = TestService.start()) {
			HttpResponse<String> readiness = readiness(service);
			assertThat(readiness.statusCode()).isEqualTo(200);
			assertThat(readiness.body()).contains("\"kafka\":{\"details\":{\"enabled\":false},\"status\":\"UP\"}");
			assertThat(service.context().getBeansOfType(KafkaSender.class)).isEmpty();
			assertThat(service.context().getBeansOfType(KafkaTopicGuard.class)).isEmpty();
			assertThat(service.context().getBeanNamesForType(org.springframework.kafka.core.KafkaAdmin.class))
				.as("Spring Boot's Kafka auto-configuration is left out").isEmpty();
			assertThat(service.context().getBeanNamesForType(org.springframework.kafka.core.ProducerFactory.class))
				.isEmpty();
		}
	}

	private HttpResponse<String> readiness(TestService service) throws IOException, InterruptedException {
		int port = service.managementPort();
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A loopback port nothing listens on: bound by the system, then released. */
	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
