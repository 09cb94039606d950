package org.ackgate.kafka;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The startup warning about endpoints that let in messages the Kafka producer can never send. */
class KafkaMessageSizeTests {

	@Test
	void anEndpointWhoseMessagesCanOutgrowMaxRequestSizeIsNamedWithBothProperties() {
		List<String> warnings = KafkaConfiguration.Enabled.oversized(
				Map.of("line", DataSize.ofKilobytes(64), "framed", DataSize.ofMegabytes(16)), Map.of(),
				KafkaAckMode.LOCAL);
		assertThat(warnings).singleElement()
			.asString()
			.startsWith("ackgate.framed.max-message-size (16777216 bytes) is above what the Kafka producer sends, "
					+ "spring.kafka.producer.properties[max.request.size] (1048576 bytes")
			.contains("acked, then skipped by the forwarder, counted in ackgate_kafka_rejected_total");
	}

	@Test
	void theProducersOwnMaxRequestSizeCountsAndRoomIsLeftForKeyAndHeaders() {
		Map<String, DataSize> framed = Map.of("framed", DataSize.ofMegabytes(16));
		assertThat(KafkaConfiguration.Enabled.oversized(framed, Map.of("max.request.size", "20971520"),
				KafkaAckMode.BROKER)).isEmpty();
		assertThat(KafkaConfiguration.Enabled.oversized(Map.of("line", DataSize.ofBytes(1024 * 1024)), Map.of(),
				KafkaAckMode.BROKER)).singleElement().asString().contains("ack-mode broker: it is not acked");
	}

}
