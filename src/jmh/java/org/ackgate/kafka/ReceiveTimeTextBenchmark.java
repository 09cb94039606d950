package org.ackgate.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 * The {@code ackgate-received-at} header of every Kafka record: {@link DateTimeFormatter} on each
 * record (what KafkaRecords did before) against {@link ReceiveTimeText}, which formats the text up
 * to the fraction once per second. The receive times advance 10 µs per call, so a new second
 * comes every 100,000 calls, as at 100,000 records/s. Run with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReceiveTimeTextBenchmark {

	private static final DateTimeFormatter FORMATTER = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private long nanos = Instant.parse("2026-12-05T11:30:00Z").getEpochSecond() * 1_000_000_000L;

	private Instant next() {
		this.nanos += 10_000;
		return Instant.ofEpochSecond(0, this.nanos);
	}

	@Benchmark
	public byte[] formatterPerRecord() {
		return FORMATTER.format(next()).getBytes(StandardCharsets.UTF_8);
	}

	@Benchmark
	public byte[] prefixPerSecond() {
		return ReceiveTimeText.bytes(next());
	}

}
