package org.ackgate.framed;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.ackgate.wire.ProtocolViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

class IncrementalHeadersDecoderTests {

	private final CountingEvents events = new CountingEvents();

	private final IncrementalHeadersDecoder decoder = new IncrementalHeadersDecoder(1024, this.events, "peer");

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

	private static byte[] header(int length) {
		return ByteBuffer.allocate(HeadersCodec.HEADER_LENGTH).put(HeadersCodec.MAGIC).putInt(length).array();
	}

	/** Every complete frame in the buffer, as the event loop asks for them after a read. */
	private List<String> drain(ByteBuffer received) throws ProtocolViolation {
		List<String> frames = new ArrayList<>();
		byte[] frame;
		while ((frame = this.decoder.next(received)) != null) {
			frames.add(new String(frame, StandardCharsets.UTF_8));
		}
		return frames;
	}

	@Test
	void aFrameDecodesToExactlyItsPayload() throws Exception {
		ByteBuffer received = ByteBuffer.wrap(concat(HeadersCodec.encode(utf8("hi")), HeadersCodec.encode(new byte[0])));
		assertThat(this.decoder.next(received)).containsExactly('h', 'i');
		assertThat(received.position()).isEqualTo(13);
		assertThat(this.decoder.next(received)).isEmpty();
		assertThat(this.decoder.next(received)).isNull();
		assertThat(this.events.reported).isEmpty();
	}

	@Test
	void aFrameArrivingInPiecesStaysUnconsumedUntilItIsWhole() throws Exception {
		byte[] frame = HeadersCodec.encode(utf8("payload"));
		for (int split = 1; split < frame.length; split++) {
			ByteBuffer buffer = ByteBuffer.allocate(frame.length);
			buffer.put(frame, 0, split).flip();
			assertThat(this.decoder.next(buffer)).as("split at %d", split).isNull();
			assertThat(buffer.position()).as("split at %d", split).isZero();
			buffer.compact().put(frame, split, frame.length - split).flip();
			assertThat(this.decoder.next(buffer)).as("split at %d", split).isEqualTo(utf8("payload"));
			assertThat(buffer.hasRemaining()).isFalse();
		}
		assertThat(this.events.reported).isEmpty();
	}

	@Test
	void receiptsBetweenFramesAreConsumedAndReportedWithThePeer() throws Exception {
		ByteBuffer received = ByteBuffer.wrap(concat(HeadersCodec.encode(utf8("a")), utf8("okok"),
				HeadersCodec.encode(utf8("b")), utf8("ok")));
		assertThat(drain(received)).containsExactly("a", "b");
		assertThat(received.hasRemaining()).as("the trailing receipt is consumed too").isFalse();
		assertThat(this.events.reported).containsExactly("receipt from peer", "receipt from peer", "receipt from peer");
		this.decoder.endOfStream(received);
	}

	@Test
	void itIsInsideAMessageFromTheFirstGarbageByteUntilTheFrameEnds() throws Exception {
		assertThat(this.decoder.insideMessage()).as("at the start").isFalse();
		assertThat(this.decoder.next(ByteBuffer.wrap(utf8("okok")))).isNull();
		assertThat(this.decoder.insideMessage()).as("after receipts").isFalse();
		ByteBuffer garbage = ByteBuffer.wrap(utf8("xy"));
		assertThat(this.decoder.next(garbage)).isNull();
		assertThat(garbage.hasRemaining()).as("garbage is consumed").isFalse();
		assertThat(this.decoder.insideMessage()).as("after garbage").isTrue();
		assertThat(this.decoder.next(ByteBuffer.wrap(HeadersCodec.encode(utf8("a"))))).containsExactly('a');
		assertThat(this.decoder.insideMessage()).as("after the frame").isFalse();
	}

	@Test
	void anOAloneMightBeAReceiptSoItWaits() throws Exception {
		ByteBuffer buffer = ByteBuffer.allocate(8);
		buffer.put((byte) 'o').flip();
		assertThat(this.decoder.next(buffer)).isNull();
		assertThat(buffer.position()).isZero();
		buffer.compact().put((byte) 'k').flip();
		assertThat(this.decoder.next(buffer)).isNull();
		assertThat(buffer.hasRemaining()).isFalse();
		assertThat(this.events.reported).containsExactly("receipt from peer");
	}

	@Test
	void anOLeftAtTheEndIsSkippedAndTheStreamEndsCleanly() throws Exception {
		ByteBuffer received = ByteBuffer.wrap(concat(HeadersCodec.encode(utf8("a")), utf8("o")));
		assertThat(drain(received)).containsExactly("a");
		this.decoder.endOfStream(received);
		assertThat(this.events.reported).containsExactly("skipped 1 from peer");
	}

	@Test
	void garbageBeforeTheMagicIsConsumedAtOnceAndCounted() throws Exception {
		ByteBuffer received = ByteBuffer.wrap(utf8("garbageHeadHe"));
		assertThat(this.decoder.next(received)).isNull();
		assertThat(this.events.reported).containsExactly("skipped 11 from peer");
		assertThat(received.position()).as("\"He\" may begin a magic, so it stays").isEqualTo(11);
		// The caller keeps the unconsumed "He" and appends what came next: here, a frame after all.
		ByteBuffer rest = ByteBuffer.wrap(concat(utf8("He"), HeadersCodec.encode(utf8("x")), utf8("zz"),
				HeadersCodec.encode(utf8("y"))));
		assertThat(drain(rest)).containsExactly("x", "y");
		assertThat(this.events.skipped).as("as the blocking codec: 13 then 2").isEqualTo(15);
	}

	@Test
	void garbageTrickledAByteAtATimeNeverAccumulates() throws Exception {
		// Room for a magic begun, never for the garbage itself.
		ByteBuffer buffer = ByteBuffer.allocate(HeadersCodec.MAGIC.length);
		byte[] garbage = utf8("no frame here, ok? Header! xyz");
		for (byte b : garbage) {
			buffer.put(b).flip();
			assertThat(this.decoder.next(buffer)).isNull();
			buffer.compact();
		}
		// "Header" and "H" begun a magic and broke off; everything else was consumed when it came.
		assertThat(this.events.skipped).isEqualTo(garbage.length);
		assertThat(buffer.position()).isZero();
		assertThat(this.decoder.examined).as("the first byte's receipt check, then each byte once")
			.isEqualTo(1 + garbage.length);
		buffer.flip();
		this.decoder.endOfStream(buffer);
	}

	/**
	 * A 1 MiB frame trickled a byte per read: the magic, the length and the first byte's receipt
	 * check are looked at once each; waiting for the payload looks at nothing, where re-reading
	 * what is buffered on every read would cost n²/2.
	 */
	@Test
	void aFrameTrickledAByteAtATimeIsExaminedOnce() throws Exception {
		int max = 1 << 20;
		CountingEvents counted = new CountingEvents();
		IncrementalHeadersDecoder large = new IncrementalHeadersDecoder(max, counted, "peer");
		byte[] frame = HeadersCodec.encode(new byte[max]);
		// Each read appends a byte to the unconsumed ones, as a cumulating buffer does.
		ByteBuffer received = ByteBuffer.wrap(frame).limit(0);
		int early = 0;
		for (int i = 1; i < frame.length; i++) {
			received.limit(i);
			early += (large.next(received) != null) ? 1 : 0;
			if (large.examined > HeadersCodec.HEADER_LENGTH + 1) {
				// Stops a rescanning decoder at once instead of letting it run its n²/2.
				fail("%d bytes examined after %d arrived", large.examined, i);
			}
		}
		assertThat(early).as("frames before the last byte").isZero();
		assertThat(received.position()).as("bytes consumed before the frame is whole").isZero();
		received.limit(frame.length);
		assertThat(large.next(received)).hasSize(max);
		assertThat(large.examined).as("'H' checked for a receipt, the magic, the length")
			.isEqualTo(1 + HeadersCodec.HEADER_LENGTH);
		assertThat(counted.reported).isEmpty();
	}

	@Test
	void anOThatIsNotAReceiptIsSkippedAndOkAfterGarbageIsGarbage() throws Exception {
		ByteBuffer received = ByteBuffer.wrap(concat(utf8("oxok"), HeadersCodec.encode(utf8("a"))));
		assertThat(drain(received)).containsExactly("a");
		assertThat(this.events.receipts).isZero();
		assertThat(this.events.skipped).isEqualTo(4);
	}

	@Test
	void aNegativeLengthIsRefusedBeforeAnyPayload() {
		ByteBuffer received = ByteBuffer.wrap(header(-1));
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> this.decoder.next(received))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.NEGATIVE_LENGTH))
			.withMessage("frame length -1 is negative");
	}

	@Test
	void aLengthAboveTheMaximumIsRefusedBeforeAnyPayload() {
		ByteBuffer received = ByteBuffer.wrap(header(Integer.MAX_VALUE));
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> this.decoder.next(received))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.OVERSIZE))
			.withMessage("frame length 2147483647 exceeds the maximum of 1024 bytes");
	}

	@Test
	void aFrameOfExactlyTheMaximumIsAcceptedAndOneMoreIsNot() throws Exception {
		assertThat(this.decoder.next(ByteBuffer.wrap(HeadersCodec.encode(new byte[1024])))).hasSize(1024);
		assertThatExceptionOfType(ProtocolViolation.class)
			.isThrownBy(() -> this.decoder.next(ByteBuffer.wrap(header(1025))))
			.withMessage("frame length 1025 exceeds the maximum of 1024 bytes");
	}

	@Test
	void theLengthIsBigEndianWhateverTheBuffersOrder() throws Exception {
		ByteBuffer received = ByteBuffer.wrap(HeadersCodec.encode(utf8("abc"))).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(this.decoder.next(received)).isEqualTo(utf8("abc"));
	}

	@Test
	void theStreamEndingInsideAMagicIsTruncated() throws Exception {
		ByteBuffer received = ByteBuffer.wrap(utf8("xxHead"));
		assertThat(this.decoder.next(received)).isNull();
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> this.decoder.endOfStream(received))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.TRUNCATED))
			.withMessage("stream ended inside a frame's magic");
		assertThat(this.events.reported).containsExactly("skipped 2 from peer");
	}

	@Test
	void theStreamEndingInsideTheLengthIsTruncated() throws Exception {
		ByteBuffer received = ByteBuffer.wrap(Arrays.copyOf(header(5), 9));
		assertThat(this.decoder.next(received)).isNull();
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> this.decoder.endOfStream(received))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.TRUNCATED))
			.withMessage("stream ended after 2 of 4 bytes");
	}

	@Test
	void theStreamEndingInsideThePayloadIsTruncated() throws Exception {
		ByteBuffer received = ByteBuffer.wrap(Arrays.copyOf(HeadersCodec.encode(utf8("payload")), 14));
		assertThat(this.decoder.next(received)).isNull();
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> this.decoder.endOfStream(received))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.TRUNCATED))
			.withMessage("stream ended after 3 of 7 bytes");
	}

	@Test
	void theStreamEndingBetweenFramesOrInGarbageIsClean() throws Exception {
		ByteBuffer received = ByteBuffer.wrap(concat(HeadersCodec.encode(utf8("a")), utf8("trailing")));
		assertThat(drain(received)).containsExactly("a");
		this.decoder.endOfStream(received);
		assertThat(this.events.reported).containsExactly("skipped 8 from peer");
	}

	@Test
	void aNegativeMaximumIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new IncrementalHeadersDecoder(-1, this.events, "peer"));
	}

}
