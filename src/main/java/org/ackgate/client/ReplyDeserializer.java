package org.ackgate.client;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.core.serializer.Deserializer;

import org.ackgate.wire.FrameDecoder;
import org.ackgate.wire.FrameInput;

/**
 * Adapts a pure {@link FrameDecoder} to a client connection: a server closing between replies is
 * a {@link PeerClosedException}, which Spring Integration hands to a waiting gateway at once (a
 * soft end of stream would leave it waiting for the whole reply timeout).
 */
final class ReplyDeserializer implements Deserializer<byte[]> {

	private final FrameDecoder decoder;

	ReplyDeserializer(FrameDecoder decoder) {
		this.decoder = decoder;
	}

	@Override
	public byte[] deserialize(InputStream inputStream) throws IOException {
		byte[] reply = this.decoder.decode(FrameInput.of(inputStream));
		if (reply == null) {
			throw new PeerClosedException();
		}
		return reply;
	}

}
