package org.ackgate.framed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.ackgate.support.ChunkedInputStream;
import org.ackgate.wire.FrameInput;
import org.ackgate.wire.ProtocolViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HeadersCodecTests {

	private static final String SEED_PAYLOAD = "{\"ID\":\"i\",\"Name\":\"Joel\",\"Age\":\"53\",\"Programming Language\":\"go\"}";

	private final List<String> events = new ArrayList<>();

	private final HeadersCodec codec = new HeadersCodec(1024, new HeadersCodec.Events() {

		@Override
		public void receipt(String peer) {
			HeadersCodecTests.this.events.add("receipt");
		}

		@Override
		public void skipped(String peer, long count) {
			HeadersCodecTests.this.events.add("skipped " + count);
		}

	});

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

	private List<String> decodeAll(InputStream source) throws IOException {
		FrameInput input = FrameInput.buffered(source, 8192, "p", n -> {
		});
		List<String> frames = new ArrayList<>();
		byte[] frame;
		while ((frame = this.codec.decode(input)) != null) {
			frames.add(new String(frame, StandardCharsets.UTF_8));
		}
		return frames;
	}

	@Test
	void encodesAsSeed004sEnpack() {
		assertThat(HexFormat.of().formatHex(HeadersCodec.encode(utf8("hi")))).isEqualTo("4865616465727300000002" + "6869");
		assertThat(HeadersCodec.encode(new byte[0])).hasSize(11);
	}

	@Test
	void aFrameSplitAtEveryByteDecodesToTheSameFrame() throws IOException {
		byte[] frame = HeadersCodec.encode(utf8(SEED_PAYLOAD));
		for (int split = 0; split <= frame.length; split++) {
			this.events.clear();
			assertThat(decodeAll(ChunkedInputStream.splitAt(frame, split))).as("split at %d", split)
				.containsExactly(SEED_PAYLOAD);
			assertThat(this.events).isEmpty();
		}
	}

	@Test
	void coalescedFramesDecodeOneByOneInOrder() throws IOException {
		byte[] stream = concat(HeadersCodec.encode(utf8("one")), HeadersCodec.encode(utf8("")),
				HeadersCodec.encode(utf8("三")));
		for (int chunk : new int[] { 1, 2, 5, 11, stream.length }) {
			assertThat(decodeAll(new ChunkedInputStream(stream, chunk))).containsExactly("one", "", "三");
		}
	}

	@Test
	void bytesBeforeTheMagicAreSkippedAndCounted() throws IOException {
		byte[] stream = concat(utf8("garbageHeadHe"), HeadersCodec.encode(utf8("x")), utf8("zz"),
				HeadersCodec.encode(utf8("y")));
		assertThat(decodeAll(new ChunkedInputStream(stream, 3))).containsExactly("x", "y");
		assertThat(this.events).containsExactly("skipped 13", "skipped 2");
	}

	@Test
	void okReceiptsBetweenFramesAndRightBeforeTheNextFrameAreConsumed() throws IOException {
		byte[] stream = concat(HeadersCodec.encode(utf8("a")), utf8("ok"), utf8("ok"), HeadersCodec.encode(utf8("b")),
				utf8("okHeaders"), ByteBuffer.allocate(4).putInt(1).array(), utf8("c"), utf8("ok"));
		assertThat(decodeAll(new ChunkedInputStream(stream, 1))).containsExactly("a", "b", "c");
		assertThat(this.events).containsExactly("receipt", "receipt", "receipt", "receipt");
	}

	@Test
	void anOThatIsNotAReceiptIsSkipped() throws IOException {
		byte[] stream = concat(utf8("oxo"), HeadersCodec.encode(utf8("a")), utf8("o"));
		assertThat(decodeAll(new ChunkedInputStream(stream, 2))).containsExactly("a");
		assertThat(this.events).containsExactly("skipped 3", "skipped 1");
	}

	@Test
	void negativeLengthIsAProtocolError() {
		byte[] stream = concat(utf8("Headers"), ByteBuffer.allocate(4).putInt(-1).array());
		assertThatExceptionOfType(ProtocolViolation.class)
			.isThrownBy(() -> decodeAll(new ChunkedInputStream(stream, 64)))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.NEGATIVE_LENGTH));
	}

	@Test
	void aLengthAboveTheMaximumFailsBeforeAnyPayloadIsRead() {
		ChunkedInputStream source = new ChunkedInputStream(
				concat(utf8("Headers"), ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array(), new byte[100]), 11);
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> decodeAll(source))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.OVERSIZE));
		assertThat(source.reads()).isEqualTo(1);
	}

	@Test
	void aFrameOfExactlyTheMaximumIsAccepted() throws IOException {
		byte[] payload = new byte[1024];
		assertThat(decodeAll(new ChunkedInputStream(HeadersCodec.encode(payload), 100))).hasSize(1);
	}

	@Test
	void aStreamEndingInsideAFrameIsTruncatedWhereverItEnds() {
		byte[] frame = HeadersCodec.encode(utf8("payload"));
		for (int end = 1; end < frame.length; end++) {
			byte[] cut = java.util.Arrays.copyOf(frame, end);
			assertThatExceptionOfType(ProtocolViolation.class).as("ending after %d bytes", end)
				.isThrownBy(() -> decodeAll(new ChunkedInputStream(cut, 4)))
				.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.TRUNCATED));
		}
	}

	@Test
	void garbageUntilTheEndIsSkippedNotAnError() throws IOException {
		assertThat(decodeAll(new ChunkedInputStream(utf8("no frame here"), 4))).isEmpty();
		assertThat(this.events).containsExactly("skipped 13");
	}

	/** A client that confirmed an ack with "ok" and then waits is between messages, not inside one. */
	@Test
	void aClientThatConfirmedAndWaitsIsNotInsideAMessage() throws IOException {
		List<Long> startsSeenWhileWaiting = new ArrayList<>();
		FrameInput[] holder = new FrameInput[1];
		java.util.Iterator<byte[]> reads = List.of(utf8("ok"), HeadersCodec.encode(utf8("hi"))).iterator();
		InputStream source = new InputStream() {

			@Override
			public int read() {
				throw new UnsupportedOperationException();
			}

			@Override
			public int read(byte[] b, int off, int len) {
				if (holder[0] != null) {
					startsSeenWhileWaiting.add(holder[0].messageStartNanos());
				}
				if (!reads.hasNext()) {
					return -1;
				}
				byte[] next = reads.next();
				System.arraycopy(next, 0, b, off, next.length);
				return next.length;
			}

		};
		FrameInput input = FrameInput.buffered(source, 8192, "p", n -> {
		});
		holder[0] = input;
		input.markBoundary();
		assertThat(this.codec.decode(input)).isEqualTo(utf8("hi"));
		assertThat(this.events).containsExactly("receipt");
		// Before the first read nothing had arrived; before the second, only the whole receipt.
		assertThat(startsSeenWhileWaiting).hasSize(2).containsOnly(0L);
	}

}
