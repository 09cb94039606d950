package org.ackgate.tcp;

import java.util.EnumMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether one endpoint's connection open and close lines are logged one by one or, above
 * a rate, summed up once per second: a connect storm of thousands per second then costs one
 * summary line a second instead of two lines per connection. Only logging is limited: callers
 * count every event in the metrics first. Pure logic over the nanosecond times it is given.
 */
final class LifecycleLogRate {

	/**
	 * The lines a window held back.
	 * @param opened connections opened and not logged
	 * @param closed connections closed and not logged, by reason
	 */
	record Summary(long opened, Map<CloseReason, Long> closed) {

		long closedTotal() {
			return this.closed.values().stream().mapToLong(Long::longValue).sum();
		}

	}

	private final int linesPerWindow;

	private final long windowNanos;

	private long windowStart;

	private boolean started;

	private int logged;

	private long heldOpened;

	private final Map<CloseReason, Long> heldClosed = new EnumMap<>(CloseReason.class);

	private @Nullable Summary pending;

	/**
	 * @param linesPerWindow lifecycle lines logged one by one in each window; the rest are summed up
	 * @param windowNanos the window's length, and so how often a summary is due
	 */
	LifecycleLogRate(int linesPerWindow, long windowNanos) {
		this.linesPerWindow = linesPerWindow;
		this.windowNanos = windowNanos;
	}

	/**
	 * Whether the line of this event may be logged; if not, it is counted for the summary.
	 * @param closed the close reason, or {@code null} for an open
	 */
	synchronized boolean tryLog(long nowNanos, @Nullable CloseReason closed) {
		roll(nowNanos);
		if (this.logged < this.linesPerWindow) {
			this.logged++;
			return true;
		}
		if (closed == null) {
			this.heldOpened++;
		}
		else {
			this.heldClosed.merge(closed, 1L, Long::sum);
		}
		return false;
	}

	/** The summary of the last window that held lines back, once it is over; each summary is given once. */
	synchronized @Nullable Summary takeSummary(long nowNanos) {
		roll(nowNanos);
		Summary due = this.pending;
		this.pending = null;
		return due;
	}

	private void roll(long nowNanos) {
		if (!this.started) {
			this.started = true;
			this.windowStart = nowNanos;
			return;
		}
		if (nowNanos - this.windowStart < this.windowNanos) {
			return;
		}
		if (this.heldOpened > 0 || !this.heldClosed.isEmpty()) {
			Summary finished = new Summary(this.heldOpened, Map.copyOf(this.heldClosed));
			// Two windows over with no take between them: their counts add up, none is lost.
			this.pending = (this.pending == null) ? finished : merge(this.pending, finished);
		}
		this.windowStart = nowNanos;
		this.logged = 0;
		this.heldOpened = 0;
		this.heldClosed.clear();
	}

	private static Summary merge(Summary first, Summary second) {
		Map<CloseReason, Long> closed = new EnumMap<>(CloseReason.class);
		closed.putAll(first.closed());
		second.closed().forEach((reason, count) -> closed.merge(reason, count, Long::sum));
		return new Summary(first.opened() + second.opened(), Map.copyOf(closed));
	}

}
