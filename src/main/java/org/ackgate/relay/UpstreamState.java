package org.ackgate.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Whether the upstream takes messages, from the latest evidence: an exchange (acked or failed)
 * or, when no exchange happened for a probe interval, a connect probe. Starts unknown, which
 * counts as unreachable until the first probe, so a service that cannot reach its upstream is
 * never ready. No Spring Integration here: the relay and the probe report, readiness reads.
 */
final class UpstreamState {

	/** One piece of evidence: when, and the failure's reason ({@code null}: it succeeded). */
	record Outcome(Instant at, @Nullable String failure) {

		boolean reachable() {
			return this.failure == null;
		}

	}

	private final Clock clock;

	private volatile @Nullable Outcome latest;

	UpstreamState(Clock clock) {
		this.clock = clock;
	}

	/** An exchange or a probe succeeded. */
	void succeeded() {
		Outcome latest = this.latest;
		// An ack every microsecond under load would otherwise allocate an Outcome each time.
		if (latest == null || !latest.reachable() || Duration.between(latest.at(), this.clock.instant()).toMillis() >= 100) {
			this.latest = new Outcome(this.clock.instant(), null);
		}
	}

	/** An exchange or a probe failed, for this reason. */
	void failed(String reason) {
		this.latest = new Outcome(this.clock.instant(), reason);
	}

	/** @return the latest evidence, {@code null} before any */
	@Nullable Outcome latest() {
		return this.latest;
	}

	/** @return true when there was no evidence within {@code interval}: traffic is the probe while there is some */
	boolean probeDue(Duration interval) {
		Outcome latest = this.latest;
		return latest == null || !Duration.between(latest.at(), this.clock.instant()).minus(interval).isNegative();
	}

}
