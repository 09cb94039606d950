package org.ackgate.line;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.ackgate.wire.ProtocolViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

class IncrementalLineDecoderTests {

	private static ByteBuffer bytes(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String utf8(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	@Test
	void linesComeOutWithoutTheirLfAndTheLfIsConsumed() throws Exception {
		IncrementalLineDecoder decoder = new IncrementalLineDecoder(64);
		ByteBuffer received = bytes("first\nsecond\nthi");
		assertThat(utf8(decoder.next(received))).isEqualTo("first");
		assertThat(received.position()).isEqualTo(6);
		assertThat(utf8(decoder.next(received))).isEqualTo("second");
		assertThat(decoder.next(received)).isNull();
		assertThat(received.position()).as("a partial line stays unconsumed").isEqualTo(13);
	}

	@Test
	void aCrBeforeTheLfBelongsToTheMessage() throws Exception {
		IncrementalLineDecoder decoder = new IncrementalLineDecoder(64);
		assertThat(decoder.next(bytes("hello\r\n"))).containsExactly('h', 'e', 'l', 'l', 'o', '\r');
	}

	@Test
	void anEmptyLineIsAnEmptyMessage() throws Exception {
		IncrementalLineDecoder decoder = new IncrementalLineDecoder(64);
		ByteBuffer received = bytes("\n\n");
		assertThat(decoder.next(received)).isEmpty();
		assertThat(decoder.next(received)).isEmpty();
		assertThat(received.hasRemaining()).isFalse();
		assertThat(decoder.next(received)).isNull();
	}

	@Test
	void aLineArrivingInPiecesComesOutWholeOnceItsLfArrives() throws Exception {
		IncrementalLineDecoder decoder = new IncrementalLineDecoder(64);
		ByteBuffer buffer = ByteBuffer.allocate(64);
		for (String piece : new String[] { "ab", "c", "d\r" }) {
			buffer.put(piece.getBytes(StandardCharsets.US_ASCII)).flip();
			assertThat(decoder.next(buffer)).isNull();
			buffer.compact();
		}
		buffer.put((byte) '\n').put((byte) 'x').flip();
		assertThat(utf8(decoder.next(buffer))).isEqualTo("abcd\r");
		assertThat(buffer.remaining()).isEqualTo(1);
	}

	@Test
	void aLineOfExactlyTheMaximumIsAccepted() throws Exception {
		IncrementalLineDecoder decoder = new IncrementalLineDecoder(5);
		ByteBuffer received = bytes("12345");
		assertThat(decoder.next(received)).as("the maximum buffered, no LF yet: still allowed").isNull();
		assertThat(utf8(decoder.next(bytes("12345\n")))).isEqualTo("12345");
	}

	@Test
	void aTerminatedLineOneByteOverTheMaximumIsOversize() {
		IncrementalLineDecoder decoder = new IncrementalLineDecoder(5);
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> decoder.next(bytes("123456\n")))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.OVERSIZE))
			.withMessage("message longer than the maximum of 5 bytes");
	}

	@Test
	void oversizeIsRaisedBeforeTheLfOnceMoreThanTheMaximumIsBuffered() throws Exception {
		IncrementalLineDecoder decoder = new IncrementalLineDecoder(5);
		ByteBuffer buffer = ByteBuffer.allocate(16);
		buffer.put("12345".getBytes(StandardCharsets.US_ASCII)).flip();
		assertThat(decoder.next(buffer)).isNull();
		buffer.compact().put((byte) '6').flip();
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> decoder.next(buffer))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.OVERSIZE))
			.withMessage("message longer than the maximum of 5 bytes");
	}

	@Test
	void aLineAfterAnAcceptedOneIsBoundedOnItsOwn() throws Exception {
		IncrementalLineDecoder decoder = new IncrementalLineDecoder(3);
		ByteBuffer received = bytes("abc\ndef\nghij");
		assertThat(utf8(decoder.next(received))).isEqualTo("abc");
		assertThat(utf8(decoder.next(received))).isEqualTo("def");
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> decoder.next(received))
			.withMessage("message longer than the maximum of 3 bytes");
	}

	@Test
	void theStreamEndingInsideALineIsTruncated() throws Exception {
		IncrementalLineDecoder decoder = new IncrementalLineDecoder(64);
		ByteBuffer received = bytes("done\npart");
		assertThat(utf8(decoder.next(received))).isEqualTo("done");
		assertThat(decoder.next(received)).isNull();
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> decoder.endOfStream(received))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.TRUNCATED))
			.withMessage("stream ended after 4 bytes of an unterminated message");
	}

	@Test
	void theStreamEndingBetweenLinesIsClean() throws Exception {
		IncrementalLineDecoder decoder = new IncrementalLineDecoder(64);
		ByteBuffer received = bytes("done\n");
		assertThat(utf8(decoder.next(received))).isEqualTo("done");
		assertThat(decoder.next(received)).isNull();
		decoder.endOfStream(received);
		decoder.endOfStream(ByteBuffer.allocate(0));
	}

	@Test
	void aDirectBufferAtAnOffsetDecodesTheSame() throws Exception {
		IncrementalLineDecoder decoder = new IncrementalLineDecoder(64);
		ByteBuffer buffer = ByteBuffer.allocateDirect(32);
		buffer.put("xxab\r\ncd".getBytes(StandardCharsets.US_ASCII)).flip().position(2);
		assertThat(utf8(decoder.next(buffer))).isEqualTo("ab\r");
		assertThat(decoder.next(buffer)).isNull();
		assertThat(buffer.position()).isEqualTo(6);
	}

	/**
	 * A peer sending a line of the maximum (1 MiB) a byte per read: each byte is looked at once
	 * (and the LF), where rescanning the buffered line on every read would look at about n²/2
	 * bytes, half a trillion here.
	 */
	@Test
	void aLineTrickledAByteAtATimeIsSearchedOnceInAll() throws Exception {
		int max = 1 << 20;
		IncrementalLineDecoder decoder = new IncrementalLineDecoder(max);
		byte[] stream = new byte[max + 1];
		Arrays.fill(stream, 0, max, (byte) 'a');
		stream[max] = LineCodec.LF;
		// Each read appends a byte to the unconsumed ones, as a cumulating buffer does.
		ByteBuffer received = ByteBuffer.wrap(stream).limit(0);
		int early = 0;
		for (int i = 1; i <= max; i++) {
			received.limit(i);
			// Counted, not asserted per byte: a million AssertJ assertions would take seconds.
			early += (decoder.next(received) != null) ? 1 : 0;
			if (decoder.examined > i) {
				// Stops a rescanning decoder at once instead of letting it run its n²/2.
				fail("%d bytes examined after %d arrived", decoder.examined, i);
			}
		}
		assertThat(early).as("lines before the LF").isZero();
		assertThat(received.position()).as("bytes consumed before the LF").isZero();
		assertThat(decoder.examined).isEqualTo(max);
		received.limit(max + 1);
		assertThat(decoder.next(received)).hasSize(max);
		assertThat(decoder.examined).isEqualTo(max + 1L);
		assertThat(received.hasRemaining()).isFalse();
	}

	@Test
	void aFloodWithoutAnLfIsSearchedNoFurtherThanTheMaximum() {
		IncrementalLineDecoder decoder = new IncrementalLineDecoder(10);
		assertThatExceptionOfType(ProtocolViolation.class)
			.isThrownBy(() -> decoder.next(ByteBuffer.wrap(new byte[1 << 20])))
			.withMessage("message longer than the maximum of 10 bytes");
		assertThat(decoder.examined).isEqualTo(11);
	}

}
