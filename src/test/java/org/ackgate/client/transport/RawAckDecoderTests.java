package org.ackgate.client.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.ackgate.wire.FrameInput;
import org.ackgate.wire.ProtocolViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RawAckDecoderTests {

	private static final String ACK = "我收到了";

	private static final byte[] ACK_BYTES = ACK.getBytes(StandardCharsets.UTF_8);

	@Test
	void threeCoalescedAcksSplitAtEveryOffsetGiveThreeAcks() throws IOException {
		byte[] three = times(ACK_BYTES, 3);
		for (int cut = 1; cut < three.length; cut++) {
			assertThreeAcksThenEnd(ChunkedInput.split(three, cut));
			for (int second = cut + 1; second < three.length; second++) {
				assertThreeAcksThenEnd(ChunkedInput.split(three, cut, second));
			}
		}
		assertThreeAcksThenEnd(ChunkedInput.split(three));
		assertThreeAcksThenEnd(ChunkedInput.byteByByte(three));
	}

	@Test
	void leavesTheNextAckInTheBuffer() throws IOException {
		FrameInput input = ChunkedInput.split(times(ACK_BYTES, 2));
		RawAckDecoder decoder = new RawAckDecoder(ACK);
		assertThat(decoder.decode(input)).isEqualTo(ACK_BYTES);
		assertThat(input.available()).isEqualTo(ACK_BYTES.length);
	}

	@Test
	void streamEndingInsideAnAckIsTruncated() {
		byte[] partial = java.util.Arrays.copyOf(ACK_BYTES, 5);
		assertThatExceptionOfType(ProtocolViolation.class)
			.isThrownBy(() -> new RawAckDecoder(ACK).decode(ChunkedInput.split(partial)))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.TRUNCATED))
			.withMessage("stream ended after 5 of the ack's 12 bytes");
	}

	@Test
	void aDifferentAckFailsWithWhatArrived() {
		byte[] other = "我收到啦!".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(UnexpectedReplyException.class)
			.isThrownBy(() -> new RawAckDecoder(ACK).decode(ChunkedInput.split(other)))
			.withMessage("got text=\"我收到啦!\", expected the ack \"我收到了\"")
			.satisfies(ex -> assertThat(ex.received()).isEqualTo(other));
	}

	@Test
	void aDifferentAckInPiecesShowsWhatHasArrivedWithoutWaitingForMore() {
		byte[] other = "OK".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(UnexpectedReplyException.class)
			.isThrownBy(() -> new RawAckDecoder(ACK).decode(ChunkedInput.split(other, 1)))
			.satisfies(ex -> assertThat(ex.received()).isEqualTo(other));
		byte[] divergingLate = "我收OK".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(UnexpectedReplyException.class)
			.isThrownBy(() -> new RawAckDecoder(ACK).decode(ChunkedInput.split(divergingLate)))
			.withMessage("got text=\"我收OK\", expected the ack \"我收到了\"");
	}

	@Test
	void anEmptyAckCannotDelimitAnything() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RawAckDecoder(""));
	}

	private static void assertThreeAcksThenEnd(FrameInput input) throws IOException {
		RawAckDecoder decoder = new RawAckDecoder(ACK);
		for (int i = 0; i < 3; i++) {
			assertThat(decoder.decode(input)).isEqualTo(ACK_BYTES);
		}
		assertThat(decoder.decode(input)).isNull();
	}

	static byte[] times(byte[] bytes, int count) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (int i = 0; i < count; i++) {
			all.writeBytes(bytes);
		}
		return all.toByteArray();
	}

}
