package org.ackgate.time;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The UDP and TCP time endpoints' answer in the default format ({@code rfc3339}): formatted for
 * every reply, as {@link TimeText} did before, against {@link TimeText#now()}, which formats once
 * per second. The clock advances 10 µs per call, so a new second comes every 100,000 calls, as at
 * 100,000 replies/s. Run with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TimeTextBenchmark {

	private final SteppingClock clock = new SteppingClock();

	private final TimeText text = new TimeText(this.clock, TimeFormat.RFC3339);

	@Benchmark
	public byte[] formattedPerReply() {
		// what now() did before: TimeText's own formatting, on every call
		return this.text.format(this.clock.instant()).getBytes(StandardCharsets.UTF_8);
	}

	@Benchmark
	public byte[] formattedPerSecond() {
		return this.text.now();
	}

	private static final class SteppingClock extends Clock {

		private long nanos = Instant.parse("2026-12-07T23:30:00Z").getEpochSecond() * 1_000_000_000L;

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			this.nanos += 10_000;
			return Instant.ofEpochSecond(0, this.nanos);
		}

	}

}
