package org.ackgate.kafka;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientMeterNamesTests {

	private final KafkaClientMeterNames names = new KafkaClientMeterNames();

	@Test
	void abbreviatedUnitsAreWrittenOut() {
		assertThat(map("kafka.producer.io.time.ns.avg", Meter.Type.GAUGE)).isEqualTo("kafka.producer.io.time.nanoseconds.avg");
		assertThat(map("kafka.producer.flush.time.ns.total", Meter.Type.COUNTER))
			.isEqualTo("kafka.producer.flush.time.nanoseconds.total");
		assertThat(map("kafka.app.info.start.time.ms", Meter.Type.GAUGE)).isEqualTo("kafka.app.info.start.time.milliseconds");
	}

	@Test
	void aGaugeEndingInCountIsRenamedAndEverythingElseKept() {
		assertThat(map("kafka.producer.connection.count", Meter.Type.GAUGE)).isEqualTo("kafka.producer.connections");
		assertThat(map("kafka.producer.record.send.total", Meter.Type.COUNTER)).isEqualTo("kafka.producer.record.send.total");
		assertThat(map("kafka.producer.records.per.request.avg", Meter.Type.GAUGE))
			.isEqualTo("kafka.producer.records.per.request.avg");
		assertThat(map("ackgate.kafka.send.latency.ms", Meter.Type.TIMER)).isEqualTo("ackgate.kafka.send.latency.ms");
	}

	private String map(String name, Meter.Type type) {
		return this.names.map(new Meter.Id(name, Tags.empty(), null, null, type)).getName();
	}

}
