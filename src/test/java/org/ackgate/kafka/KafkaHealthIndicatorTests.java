package org.ackgate.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code kafka} readiness member's rule, without brokers or a Spring context. */
class KafkaHealthIndicatorTests {

	private static KafkaProperties kafka(KafkaAckMode mode) {
		return new KafkaProperties(true, "ackgate-messages", KafkaKey.CONNECTION, mode, Duration.ofSeconds(10), true, 3,
				-1, Duration.ofSeconds(5), new KafkaProperties.Forward(500, Duration.ofMillis(100), Duration.ofSeconds(10)));
	}

	@Test
	void localModeIsUpThroughABrokerOutageButDownWithTheReasonOnceTheForwarderStopped() {
		KafkaBrokerState state = new KafkaBrokerState();
		AtomicReference<String> stopped = new AtomicReference<>();
		KafkaHealthIndicator indicator = KafkaHealthIndicator.of(kafka(KafkaAckMode.LOCAL), state, () -> 5,
				stopped::get, "127.0.0.1:9092");
		state.checked("Kafka brokers 127.0.0.1:9092 not reachable: TimeoutException: x");
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		state.checked(null);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		stopped.set("forwarding to Kafka topic t on b stopped at journal offset 7: java.lang.OutOfMemoryError: x");
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", stopped.get()).containsEntry("backlogRecords", 5L);
	}

	@Test
	void brokerModeFollowsTheBrokers() {
		KafkaBrokerState state = new KafkaBrokerState();
		KafkaHealthIndicator indicator = KafkaHealthIndicator.of(kafka(KafkaAckMode.BROKER), state, null, null,
				"127.0.0.1:9092");
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		state.checked(null);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
	}

}
