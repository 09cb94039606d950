package org.ackgate.client.bench;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What every connection of a bench run adds to, from several event-loop threads at once: counters,
 * the latency recorder (nanoseconds, three significant digits, any range), and the first error
 * for the one-line report.
 */
final class BenchStats {

	final LongAdder sent = new LongAdder();

	final LongAdder acked = new LongAdder();

	final LongAdder lost = new LongAdder();

	final LongAdder mismatched = new LongAdder();

	final LongAdder errors = new LongAdder();

	/** Connections the server ended between acks and that were replaced. */
	final LongAdder reconnects = new LongAdder();

	/** Requests written again on a new connection because the old one ended before their ack. */
	final LongAdder resent = new LongAdder();

	private final Recorder latency = new Recorder(3);

	private final Histogram total = new Histogram(3);

	private final AtomicReference<String> firstError = new AtomicReference<>();

	void latency(long nanos) {
		this.latency.recordValue(Math.max(0, nanos));
	}

	void error(String description) {
		this.errors.increment();
		this.firstError.compareAndSet(null, description);
	}

	String firstError() {
		return this.firstError.get();
	}

	/**
	 * The latencies recorded since the previous call, also added to the run's total. Called by one
	 * thread at a time (the progress reporter, then the runner at the end).
	 */
	synchronized Histogram interval() {
		Histogram interval = this.latency.getIntervalHistogram();
		this.total.add(interval);
		return interval;
	}

	/** Every latency recorded up to the last {@link #interval()}. */
	synchronized Histogram total() {
		return this.total.copy();
	}

}
