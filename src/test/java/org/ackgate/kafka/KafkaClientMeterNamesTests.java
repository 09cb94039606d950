package org.ackgate.kafka;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilterReply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientMeterNamesTests {

	private final KafkaClientMeterNames names = new KafkaClientMeterNames();

	@Test
	void kafkaTimesInAbbreviatedUnitsAreLeftOut() {
		assertThat(accept("kafka.producer.io.time.ns.avg", Meter.Type.GAUGE)).isEqualTo(MeterFilterReply.DENY);
		assertThat(accept("kafka.producer.flush.time.ns.total", Meter.Type.COUNTER)).isEqualTo(MeterFilterReply.DENY);
		assertThat(accept("kafka.app.info.start.time.ms", Meter.Type.GAUGE)).isEqualTo(MeterFilterReply.DENY);
		assertThat(accept("kafka.producer.request.latency.avg", Meter.Type.GAUGE)).isEqualTo(MeterFilterReply.NEUTRAL);
		assertThat(accept("ackgate.kafka.send.latency.ms", Meter.Type.TIMER)).isEqualTo(MeterFilterReply.NEUTRAL);
	}

	@Test
	void aGaugeEndingInCountIsRenamedAndEverythingElseKept() {
		assertThat(map("kafka.producer.connection.count", Meter.Type.GAUGE)).isEqualTo("kafka.producer.connections");
		assertThat(map("kafka.producer.record.send.total", Meter.Type.COUNTER)).isEqualTo("kafka.producer.record.send.total");
		assertThat(map("kafka.producer.records.per.request.avg", Meter.Type.GAUGE))
			.isEqualTo("kafka.producer.records.per.request.avg");
	}

	private MeterFilterReply accept(String name, Meter.Type type) {
		return this.names.accept(new Meter.Id(name, Tags.empty(), null, null, type));
	}

	private String map(String name, Meter.Type type) {
		return this.names.map(new Meter.Id(name, Tags.empty(), null, null, type)).getName();
	}

}
