package org.ackgate.jmh;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.ackgate.line.LineAckResponder;
import org.ackgate.line.LineCodec;
import org.ackgate.wire.FrameInput;

/**
 * The line endpoint's reply path: {@link LineAckResponder#ack} building {@code 已接收: } + line +
 * LF in one array, and a line's whole codec path (decode from a {@link FrameInput}, one message
 * per read, then the ack). One operation is one message; run with {@code -prof gc} for the bytes
 * allocated per message. Uses only the public API.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LineAckBenchmark {

	@Param({ "64", "16384" })
	public int size;

	private LineAckResponder responder;

	private byte[] line;

	private FrameInput input;

	private LineCodec codec;

	@Setup
	public void setUp() {
		this.responder = new LineAckResponder("已接收: ");
		this.line = CodecDecodeBenchmark.payload(this.size);
		byte[] terminated = Arrays.copyOf(this.line, this.line.length + 1);
		terminated[this.line.length] = '\n';
		this.input = FrameInput.buffered(
				new CyclicMessages(CyclicMessages.repeat(terminated, 64), CyclicMessages.Delivery.ONE_PER_READ),
				CodecDecodeBenchmark.BUFFER_SIZE, "jmh", count -> {
				});
		this.codec = new LineCodec(CodecDecodeBenchmark.MAX_MESSAGE_SIZE);
	}

	@Benchmark
	public byte[] ack() {
		return this.responder.ack(this.line);
	}

	@Benchmark
	public byte[] decodeAndAck() throws IOException {
		return this.responder.ack(this.codec.decode(this.input));
	}

}
