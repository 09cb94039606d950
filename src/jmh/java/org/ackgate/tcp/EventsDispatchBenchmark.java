package org.ackgate.tcp;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ConnectionEvents}' own share of an acked message: dispatching the three per-message
 * events to one observer that does nothing. Run with {@code -prof gc}: any allocation here is the dispatch's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventsDispatchBenchmark {

	private ConnectionEvents events;

	@Setup
	public void setUp() {
		this.events = new ConnectionEvents("line");
		this.events.addObserver(new ConnectionObserver() {
		});
	}

	@Benchmark
	public void ackedMessage() {
		this.events.bytesReceived(64);
		this.events.messageReceived(63);
		this.events.replySent(74, 50_000);
	}

}
