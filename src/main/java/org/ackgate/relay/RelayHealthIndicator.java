package org.ackgate.relay;

import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The relay's member of the readiness group. In {@code ack-mode: upstream} a message is acked only
 * once the upstream acked it, so the service is ready only while the upstream takes messages: DOWN
 * from a failed exchange or connect until one succeeds. In {@code local} mode the journal acks, so
 * the upstream's state and the backlog are details of an UP status, unless the forwarder has
 * stopped for good: then nothing leaves the journal until a restart, and it fills until appends are
 * refused, so DOWN with why as the reason. UP with {@code enabled: false}
 * when the relay is off, so the group's membership never depends on configuration.
 */
final class RelayHealthIndicator implements HealthIndicator {

	private final RelayProperties properties;

	private final @Nullable UpstreamState state;

	private final @Nullable LongSupplier backlog;

	private final @Nullable Supplier<@Nullable String> forwardingStopped;

	/** @param forwardingStopped why the {@code local} mode's forwarder stopped, {@code null} while it runs */
	RelayHealthIndicator(RelayProperties properties, @Nullable UpstreamState state, @Nullable LongSupplier backlog,
			@Nullable Supplier<@Nullable String> forwardingStopped) {
		this.properties = properties;
		this.state = state;
		this.backlog = backlog;
		this.forwardingStopped = forwardingStopped;
	}

	@Override
	public Health health() {
		RelayProperties properties = this.properties;
		UpstreamState state = this.state;
		if (state == null) {
			return Health.up().withDetail("enabled", false).build();
		}
		UpstreamState.Outcome latest = state.latest();
		boolean reachable = latest != null && latest.reachable();
		String reason = (latest == null) ? "not probed yet" : latest.failure();
		String stopped = (this.forwardingStopped != null) ? this.forwardingStopped.get() : null;
		if (stopped != null) {
			reason = stopped;
		}
		Health.Builder health = (stopped == null && (reachable || properties.ackMode() == AckMode.LOCAL)) ? Health.up()
				: Health.down();
		health.withDetail("enabled", true)
			.withDetail("upstream", properties.upstream())
			.withDetail("ackMode", properties.ackMode().name().toLowerCase(Locale.ROOT))
			.withDetail("reachable", reachable);
		if (reason != null) {
			health.withDetail("reason", reason);
		}
		if (latest != null) {
			health.withDetail("checkedAt", latest.at().toString());
		}
		if (this.backlog != null) {
			health.withDetail("backlogBytes", this.backlog.getAsLong());
		}
		return health.build();
	}

}
