package org.ackgate.kafka;

import java.util.Locale;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Kafka's member of the readiness group. In {@code broker} mode DOWN while the brokers do not
 * answer, the topic cannot be written or the last send was not confirmed: a replica that cannot
 * ack gets no traffic. In {@code local} mode always UP, the journal acks, with the backlog and
 * the brokers' state as details. UP with {@code enabled: false} when Kafka is off, so the group's
 * membership never depends on configuration.
 */
final class KafkaHealthIndicator implements HealthIndicator {

	private final @Nullable KafkaProperties properties;

	private final @Nullable KafkaBrokerState state;

	private final @Nullable LongSupplier backlog;

	private final String brokers;

	private KafkaHealthIndicator(@Nullable KafkaProperties properties, @Nullable KafkaBrokerState state,
			@Nullable LongSupplier backlog, String brokers) {
		this.properties = properties;
		this.state = state;
		this.backlog = backlog;
		this.brokers = brokers;
	}

	static KafkaHealthIndicator disabled() {
		return new KafkaHealthIndicator(null, null, null, "");
	}

	static KafkaHealthIndicator of(KafkaProperties properties, KafkaBrokerState state, @Nullable LongSupplier backlog,
			String brokers) {
		return new KafkaHealthIndicator(properties, state, backlog, brokers);
	}

	@Override
	public Health health() {
		KafkaProperties properties = this.properties;
		KafkaBrokerState state = this.state;
		if (properties == null || state == null) {
			return Health.up().withDetail("enabled", false).build();
		}
		String problem = state.problem();
		Health.Builder health = (problem == null || properties.ackMode() == KafkaAckMode.LOCAL) ? Health.up()
				: Health.down();
		if (problem != null) {
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
