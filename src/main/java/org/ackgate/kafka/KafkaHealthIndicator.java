package org.ackgate.kafka;

import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Kafka's member of the readiness group. In {@code broker} mode DOWN while the brokers do not
 * answer, the topic cannot be written or the last send was not confirmed: a replica that cannot
 * ack gets no traffic. In {@code local} mode UP, the journal acks, with the backlog and the
 * brokers' state as details; DOWN only once the forwarder has stopped for good, because then
 * nothing leaves the journal until a restart and it fills until appends are refused. UP with {@code enabled: false} when Kafka is off, so the group's
 * membership never depends on configuration.
 */
final class KafkaHealthIndicator implements HealthIndicator {

	private final @Nullable KafkaProperties properties;

	private final @Nullable KafkaBrokerState state;

	private final @Nullable LongSupplier backlog;

	private final @Nullable Supplier<@Nullable String> forwardingStopped;

	private final String brokers;

	private KafkaHealthIndicator(@Nullable KafkaProperties properties, @Nullable KafkaBrokerState state,
			@Nullable LongSupplier backlog, @Nullable Supplier<@Nullable String> forwardingStopped, String brokers) {
		this.properties = properties;
		this.state = state;
		this.backlog = backlog;
		this.forwardingStopped = forwardingStopped;
		this.brokers = brokers;
	}

	static KafkaHealthIndicator disabled() {
		return new KafkaHealthIndicator(null, null, null, null, "");
	}

	/** @param forwardingStopped why the {@code local} mode's forwarder stopped, {@code null} while it runs */
	static KafkaHealthIndicator of(KafkaProperties properties, KafkaBrokerState state, @Nullable LongSupplier backlog,
			@Nullable Supplier<@Nullable String> forwardingStopped, String brokers) {
		return new KafkaHealthIndicator(properties, state, backlog, forwardingStopped, brokers);
	}

	@Override
	public Health health() {
		KafkaProperties properties = this.properties;
		KafkaBrokerState state = this.state;
		if (properties == null || state == null) {
			return Health.up().withDetail("enabled", false).build();
		}
		String problem = state.problem();
		String stopped = (this.forwardingStopped != null) ? this.forwardingStopped.get() : null;
		Health.Builder health = (stopped == null && (problem == null || properties.ackMode() == KafkaAckMode.LOCAL))
				? Health.up() : Health.down();
		if (stopped != null) {
			health.withDetail("reason", stopped);
		}
		else if (problem != null) {
			health.withDetail("reason", problem);
		}
		health.withDetail("enabled", true)
			.withDetail("ackMode", properties.ackMode().name().toLowerCase(Locale.ROOT))
			.withDetail("topic", properties.topic())
			.withDetail("brokers", this.brokers)
			.withDetail("writable", problem == null);
		if (this.backlog != null) {
			health.withDetail("backlogRecords", this.backlog.getAsLong());
		}
		return health.build();
	}

}
