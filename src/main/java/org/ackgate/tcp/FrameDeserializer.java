package org.ackgate.tcp;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.core.serializer.Deserializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import org.ackgate.wire.FrameDecoder;
import org.ackgate.wire.FrameInput;

/**
 * Adapts a pure {@link FrameDecoder} to Spring Integration's deserializer contract, where a
 * clean end of stream between messages is a {@link SoftEndOfStreamException}.
 */
public final class FrameDeserializer implements Deserializer<byte[]> {

	private final FrameDecoder decoder;

	public FrameDeserializer(FrameDecoder decoder) {
		this.decoder = decoder;
	}

	@Override
	public byte[] deserialize(InputStream inputStream) throws IOException {
		FrameInput input = FrameInput.of(inputStream);
		input.markBoundary();
		byte[] message = this.decoder.decode(input);
		if (message == null) {
			throw new SoftEndOfStreamException("Stream closed between messages");
		}
		return message;
	}

}
