package org.ackgate.relay;

import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The relay's meters ({@code ackgate_relay_*}): messages the upstream acked, retries, the
 * journal bytes not forwarded yet ({@code local} mode), and whether the upstream is reachable.
 */
final class RelayMeters {

	private final MeterRegistry registry;

	private final Counter forwarded;

	private final Counter retries;

	private final Counter rejected;

	RelayMeters(MeterRegistry registry, UpstreamState state) {
		this.registry = registry;
		this.forwarded = Counter.builder("ackgate.relay.forwarded")
			.description("Messages the upstream acked")
			.register(registry);
		this.retries = Counter.builder("ackgate.relay.retries")
			.description("Forwarding attempts that failed and are retried (ack-mode local)")
			.register(registry);
		this.rejected = Counter.builder("ackgate.relay.rejected")
			.description("Journal records the upstream's protocol cannot carry, skipped (ack-mode local)")
			.register(registry);
		Gauge.builder("ackgate.relay.upstream.up", state, RelayMeters::up)
			.description("1 when the last exchange with the upstream, or the last connect probe while idle, succeeded")
			.register(registry);
	}

	/** The backlog gauge, {@code ackgate_relay_backlog_bytes}: journal bytes after the relay's cursor. */
	void backlog(LongSupplier bytes) {
		Gauge.builder("ackgate.relay.backlog", bytes, LongSupplier::getAsLong)
			.description("Journal bytes accepted and not yet forwarded to the upstream (ack-mode local)")
			.baseUnit("bytes")
			.strongReference(true)
			.register(this.registry);
	}

	void forwarded() {
		this.forwarded.increment();
	}

	void retry() {
		this.retries.increment();
	}

	void rejected() {
		this.rejected.increment();
	}

	private static double up(UpstreamState state) {
		UpstreamState.Outcome latest = state.latest();
		return (latest != null && latest.reachable()) ? 1 : 0;
	}

}
