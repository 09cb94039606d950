package org.ackgate.relay;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/** The relay's wire codec and its cursor file, without sockets. */
class RelayCodecTests {

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] written(RelayCodec codec, byte[] payload) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		codec.serialize(payload, out);
		return out.toByteArray();
	}

	@Test
	void aLineGoesOutWithLfAndItsAckIsReadUpToTheLf() throws IOException {
		RelayCodec codec = new RelayCodec(RelayProtocol.LINE, 12, 64);
		assertThat(written(codec, utf8("hello"))).isEqualTo(utf8("hello\n"));
		ByteArrayInputStream in = new ByteArrayInputStream(utf8("已接收: hello\n已接收: 2\n"));
		assertThat(codec.deserialize(in)).isEqualTo(utf8("已接收: hello"));
		assertThat(codec.deserialize(in)).isEqualTo(utf8("已接收: 2"));
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> codec.deserialize(in));
		assertThatIOException().isThrownBy(() -> codec.deserialize(new ByteArrayInputStream(utf8("已接"))))
			.withMessageContaining("in the middle of an ack");
		assertThatIOException().isThrownBy(() -> codec.deserialize(new ByteArrayInputStream(new byte[100])))
			.withMessageContaining("longer than 64 bytes");
	}

	@Test
	void aFrameGoesOutAsTheSeedFramesItTheAckIsReadByItsLengthAndTheReceiptIsRaw() throws IOException {
		RelayCodec codec = new RelayCodec(RelayProtocol.FRAMED, 12, 64);
		assertThat(written(codec, utf8("hi"))).isEqualTo(new byte[] { 'H', 'e', 'a', 'd', 'e', 'r', 's', 0, 0, 0, 2,
				'h', 'i' });
		assertThat(written(codec, RelayCodec.RECEIPT)).isEqualTo(utf8("ok"));
		assertThat(written(codec, utf8("ok"))).as("a payload that happens to read ok is still framed")
			.hasSize(13);
		ByteArrayInputStream in = new ByteArrayInputStream(utf8("我收到了我收到了"));
		assertThat(codec.deserialize(in)).isEqualTo(utf8("我收到了"));
		assertThat(codec.deserialize(in)).isEqualTo(utf8("我收到了"));
	}

}
