package org.ackgate.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * ackgate's Kafka meters ({@code ackgate_kafka_*}): records the broker confirmed per endpoint,
 * failures per reason, records the {@code local} mode skipped because Kafka refused them for good, the latency from hand-off to confirmation, and the {@code local} mode's
 * backlog. The producer's own metrics ({@code kafka_producer_*}) come from Spring Kafka's
 * MicrometerProducerListener on the producer factory.
 */
final class KafkaMeters {

	private static final Duration[] LATENCY_BUCKETS = { Duration.ofMillis(1), Duration.ofMillis(2),
			Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
			Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
			Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10) };

	private final MeterRegistry registry;

	private final Timer latency;

	private final Counter rejected;

	/** Per endpoint, found once: registering on every record built an id and ran the meter filters. */
	private final Map<String, Counter> sent = new ConcurrentHashMap<>();

	KafkaMeters(MeterRegistry registry) {
		this.registry = registry;
		this.latency = Timer.builder("ackgate.kafka.send.latency")
			.description("From handing a record to the producer to the broker's confirmation")
			.serviceLevelObjectives(LATENCY_BUCKETS)
			.register(registry);
		this.rejected = Counter.builder("ackgate.kafka.rejected")
			.description("Journal records Kafka refused for good (too large, invalid), skipped (ack-mode local)")
			.register(registry);
		// Present from the start, so a rate over them is defined before the first failure.
		for (String reason : KafkaFailures.REASONS) {
			failureCounter(reason);
		}
	}

	void sent(String endpoint, long nanos) {
		this.sent.computeIfAbsent(endpoint, this::sentCounter).increment();
		this.latency.record(nanos, TimeUnit.NANOSECONDS);
	}

	private Counter sentCounter(String endpoint) {
		return Counter.builder("ackgate.kafka.records.sent")
			.description("Records the Kafka broker confirmed")
			.tag("endpoint", endpoint)
			.register(this.registry);
	}

	void failed(String reason) {
		failureCounter(reason).increment();
	}

	private Counter failureCounter(String reason) {
		return Counter.builder("ackgate.kafka.send.failures")
			.description("Records the Kafka broker did not confirm in time or refused")
			.tag("reason", reason)
			.register(this.registry);
	}

	void rejected() {
		this.rejected.increment();
	}

	/** {@code ackgate_kafka_backlog_records}: journaled records not yet confirmed by the broker ({@code local}). */
	void backlog(LongSupplier records) {
		Gauge.builder("ackgate.kafka.backlog", records, LongSupplier::getAsLong)
			.description("Journaled messages not yet confirmed by the Kafka broker (ack-mode local)")
			.baseUnit("records")
			.strongReference(true)
			.register(this.registry);
	}

}
