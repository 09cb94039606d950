package org.ackgate.line;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.ackgate.wire.FrameInput;
import org.ackgate.wire.ProtocolViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LineAckResponderTests {

	@Test
	void acksAsTheSeedDoesCarriageReturnIncluded() {
		LineAckResponder responder = new LineAckResponder("已接收: ");
		assertThat(new String(responder.ack("hello\r".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
			.isEqualTo("已接收: hello\r\n");
		assertThat(responder.ack(new byte[0])).isEqualTo("已接收: \n".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void theCodecBoundsTheLineAndKeepsTheCarriageReturn() throws IOException {
		LineCodec codec = new LineCodec(4);
		FrameInput input = FrameInput.buffered(new ByteArrayInputStream("ab\r\nabcd\nabcde\n".getBytes(StandardCharsets.UTF_8)),
				8192, "p", n -> {
				});
		assertThat(codec.decode(input)).isEqualTo("ab\r".getBytes(StandardCharsets.UTF_8));
		assertThat(codec.decode(input)).isEqualTo("abcd".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> codec.decode(input));
	}

}
