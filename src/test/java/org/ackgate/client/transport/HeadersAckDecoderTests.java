package org.ackgate.client.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.ackgate.framed.HeadersCodec;
import org.ackgate.wire.FrameInput;
import org.ackgate.wire.ProtocolViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HeadersAckDecoderTests {

	private static final byte[] ACK = "我收到了".getBytes(StandardCharsets.UTF_8);

	@Test
	void twoFramedAcksSplitAtEveryOffset() throws IOException {
		byte[] two = RawAckDecoderTests.times(HeadersCodec.encode(ACK), 2);
		for (int cut = 1; cut < two.length; cut++) {
			FrameInput input = ChunkedInput.split(two, cut);
			HeadersAckDecoder decoder = new HeadersAckDecoder(1024);
			assertThat(decoder.decode(input)).isEqualTo(ACK);
			assertThat(decoder.decode(input)).isEqualTo(ACK);
			assertThat(decoder.decode(input)).isNull();
		}
	}

	@Test
	void anEmptyFrameIsAnEmptyAck() throws IOException {
		assertThat(new HeadersAckDecoder(16).decode(ChunkedInput.split(HeadersCodec.encode(new byte[0])))).isEmpty();
	}

	@Test
	void aRawAckIsNotAFrameAndFailsAtItsFirstByte() {
		assertThatExceptionOfType(UnexpectedReplyException.class)
			.isThrownBy(() -> new HeadersAckDecoder(1024).decode(ChunkedInput.byteByByte(ACK)))
			.withMessageStartingWith("got hex=e6, expected a Headers frame");
	}

	@Test
	void lengthsOutOfBoundsAreProtocolViolations() {
		assertThatExceptionOfType(ProtocolViolation.class)
			.isThrownBy(() -> new HeadersAckDecoder(1024).decode(ChunkedInput.split(header(-1))))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.NEGATIVE_LENGTH));
		assertThatExceptionOfType(ProtocolViolation.class)
			.isThrownBy(() -> new HeadersAckDecoder(1024).decode(ChunkedInput.split(header(1025))))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.OVERSIZE));
	}

	@Test
	void aStreamEndingInsideAFrameIsTruncated() {
		byte[] frame = HeadersCodec.encode(ACK);
		for (int end = 1; end < frame.length; end++) {
			byte[] partial = java.util.Arrays.copyOf(frame, end);
			assertThatExceptionOfType(ProtocolViolation.class)
				.isThrownBy(() -> new HeadersAckDecoder(1024).decode(ChunkedInput.split(partial)))
				.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.TRUNCATED));
		}
	}

	private static byte[] header(int length) {
		byte[] frame = HeadersCodec.encode(new byte[0]);
		ByteBuffer.wrap(frame).putInt(frame.length - Integer.BYTES, length);
		return frame;
	}

}
