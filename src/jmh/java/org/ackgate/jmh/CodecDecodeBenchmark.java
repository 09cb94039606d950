package org.ackgate.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

import org.ackgate.framed.HeadersCodec;
import org.ackgate.line.LineCodec;
import org.ackgate.wire.FrameInput;

/**
 * Decoding one message, as a connection's reading thread does: {@link LineCodec} (seed 001's
 * lines) and {@link HeadersCodec} (seed 004's frames) reading from a {@link FrameInput} with the
 * server's 8 KiB buffer over an endless in-memory stream. One operation is one message, so with
 * {@code -prof gc} {@code gc.alloc.rate.norm} is the bytes allocated per message.
 * <p>
 * {@code delivery}: {@code BATCHED} — the source fills the buffer, many messages per read (a
 * pipelining client); {@code ONE_PER_READ} — each read returns one message (one request in
 * flight, as the bench scenarios run). Uses only the public API of the codecs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecDecodeBenchmark {

	/** The server's per-connection read buffer. */
	static final int BUFFER_SIZE = 8 * 1024;

	static final int MAX_MESSAGE_SIZE = 64 * 1024;

	/** Messages in the stream before it starts over. */
	static final int MESSAGES = 64;

	/** Payload bytes per message: the bench's small line and its 16 KiB line. */
	@Param({ "64", "16384" })
	public int size;

	@Param({ "BATCHED", "ONE_PER_READ" })
	public CyclicMessages.Delivery delivery;

	private FrameInput lines;

	private FrameInput frames;

	private LineCodec lineCodec;

	private HeadersCodec headersCodec;

	@Setup
	public void setUp() throws IOException {
		this.lineCodec = new LineCodec(MAX_MESSAGE_SIZE);
		this.headersCodec = new HeadersCodec(MAX_MESSAGE_SIZE, new HeadersCodec.Events() {

			@Override
			public void receipt(String peer) {
			}

			@Override
			public void skipped(String peer, long count) {
				throw new IllegalStateException("the benchmark's frames lost their sync: " + count + " bytes skipped");
			}

		});
		byte[] payload = payload(this.size);
		// The stream wraps around: check that every message decodes whole across the wrap, first.
		this.lines = lines(payload);
		this.frames = frames(payload);
		for (int i = 0; i < 3 * MESSAGES; i++) {
			if (!Arrays.equals(line(), payload) || !Arrays.equals(headers(), payload)) {
				throw new IllegalStateException("message " + i + " did not decode to the payload");
			}
		}
		this.lines = lines(payload);
		this.frames = frames(payload);
	}

	private FrameInput lines(byte[] payload) {
		byte[] line = Arrays.copyOf(payload, payload.length + 1);
		line[payload.length] = '\n';
		return input(line);
	}

	private FrameInput frames(byte[] payload) {
		return input(HeadersCodec.encode(payload));
	}

	private FrameInput input(byte[] message) {
		return FrameInput.buffered(new CyclicMessages(CyclicMessages.repeat(message, MESSAGES), this.delivery),
				BUFFER_SIZE, "jmh", count -> {
				});
	}

	@Benchmark
	public byte[] line() throws IOException {
		return this.lineCodec.decode(this.lines);
	}

	@Benchmark
	public byte[] headers() throws IOException {
		return this.headersCodec.decode(this.frames);
	}

	/** Printable ASCII like the bench client's messages ({@code c3-m17 xxx…}), never a line feed. */
	static byte[] payload(int size) {
		byte[] payload = new byte[size];
		byte[] id = "c3-m17 ".getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < size; i++) {
			payload[i] = (i < id.length) ? id[i] : (byte) ('a' + (i % 26));
		}
		return payload;
	}

}
