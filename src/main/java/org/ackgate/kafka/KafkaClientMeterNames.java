package org.ackgate.kafka;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps the Kafka client's own meters ({@code kafka_producer_*}, {@code kafka_app_info_*})
 * {@code promtool check metrics}-clean. Kafka reports some times in nanoseconds or milliseconds
 * ({@code io-time-ns-avg}, {@code flush-time-ns-total}, {@code start-time-ms}); Prometheus wants
 * seconds and a filter cannot rescale, so those are left out: the ratios beside them
 * ({@code io_ratio}, {@code io_wait_ratio}) and {@code request_latency_avg} tell the same story.
 * A gauge ending in {@code -count} must not end in {@code _count}: {@code connection-count}
 * becomes {@code kafka_producer_connections}.
 */
final class KafkaClientMeterNames implements MeterFilter {

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		String name = id.getName();
		if (name.startsWith("kafka.") && (hasUnit(name, "ns") || hasUnit(name, "ms"))) {
			return MeterFilterReply.DENY;
		}
		return MeterFilterReply.NEUTRAL;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		String name = id.getName();
		if (name.startsWith("kafka.") && id.getType() == Meter.Type.GAUGE && name.endsWith(".count")) {
			return id.withName(name.substring(0, name.length() - ".count".length()) + "s");
		}
		return id;
	}

	private static boolean hasUnit(String name, String abbreviation) {
		return name.contains("." + abbreviation + ".") || name.endsWith("." + abbreviation);
	}

}
