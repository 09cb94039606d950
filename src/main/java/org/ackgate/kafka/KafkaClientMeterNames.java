package org.ackgate.kafka;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Keeps the Kafka client's own meters ({@code kafka_producer_*}, {@code kafka_app_info_*})
 * {@code promtool check metrics}-clean: Kafka names them with abbreviated units
 * ({@code io-time-ns-avg}, {@code start-time-ms}), written out here ({@code io_time_nanoseconds_avg},
 * {@code start_time_milliseconds}), and a gauge ending in {@code -count} must not end in
 * {@code _count} ({@code connection-count} becomes {@code kafka_producer_connections}).
 */
final class KafkaClientMeterNames implements MeterFilter {

	@Override
	public Meter.Id map(Meter.Id id) {
		String name = id.getName();
		if (!name.startsWith("kafka.")) {
			return id;
		}
		String mapped = unit(unit(name, "ns", "nanoseconds"), "ms", "milliseconds");
		if (id.getType() == Meter.Type.GAUGE && mapped.endsWith(".count")) {
			mapped = mapped.substring(0, mapped.length() - ".count".length()) + "s";
		}
		return mapped.equals(name) ? id : id.withName(mapped);
	}

	private static String unit(String name, String abbreviation, String word) {
		String mapped = name.replace("." + abbreviation + ".", "." + word + ".");
		return mapped.endsWith("." + abbreviation)
				? mapped.substring(0, mapped.length() - abbreviation.length()) + word : mapped;
	}

}
