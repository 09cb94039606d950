package org.ackgate.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer ackgate derives from Spring Boot's: what it enforces, and what it defaults where the
 * operator set nothing. No broker is needed: a producer factory creates its producers lazily.
 */
class KafkaProducerSettingsTests {

	private static final KafkaProperties KAFKA = new KafkaProperties(true, "ackgate-messages", KafkaKey.CONNECTION,
			KafkaAckMode.BROKER, Duration.ofSeconds(10), true, 3, -1, Duration.ofSeconds(5),
			new KafkaProperties.Forward(500, Duration.ofMillis(100), Duration.ofSeconds(10)));

	private static Map<String, Object> derived(Map<String, Object> boot) {
		return KafkaConfiguration.Enabled.producerFactory(new DefaultKafkaProducerFactory<>(boot), KAFKA)
			.getConfigurationProperties();
	}

	@Test
	void withNothingConfiguredARecordIsSentAtOnceWithAcksAllAndTheIdempotentProducer() {
		Map<String, Object> config = derived(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092"));
		// Kafka 4's own default is 5 ms, which every lone client's ack would wait out.
		assertThat(config).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
			.containsEntry(ProducerConfig.ACKS_CONFIG, "all")
			.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
			.containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "ackgate-kafka")
			.containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000L);
	}

	@Test
	void anOperatorsLingerAndClientIdAreKept() {
		Map<String, Object> boot = new HashMap<>();
		boot.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
		// as Spring Boot passes spring.kafka.producer.properties[linger.ms]: a string
		boot.put(ProducerConfig.LINGER_MS_CONFIG, "20");
		boot.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-7");
		assertThat(derived(boot)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20")
			.containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "gateway-7");
	}

}
