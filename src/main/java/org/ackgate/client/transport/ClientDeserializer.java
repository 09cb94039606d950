package org.ackgate.client.transport;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.core.serializer.Deserializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import org.ackgate.wire.FrameDecoder;
import org.ackgate.wire.FrameInput;

/**
 * Adapts a pure {@link FrameDecoder} to a client connection. What a server closing between two
 * frames means depends on who reads: see {@link #replies} and {@link #stream}.
 */
final class ClientDeserializer implements Deserializer<byte[]> {

	private final FrameDecoder decoder;

	/** Whether a close between frames is the normal end rather than a failure of the one waiting. */
	private final boolean closeIsNormalEnd;

	private ClientDeserializer(FrameDecoder decoder, boolean closeIsNormalEnd) {
		this.decoder = decoder;
		this.closeIsNormalEnd = closeIsNormalEnd;
	}

	/**
	 * For request/reply: a close between replies is a {@link PeerClosedException}, which Spring
	 * Integration hands to a waiting gateway at once (a soft end of stream would leave it waiting
	 * for the whole reply timeout).
	 */
	static ClientDeserializer replies(FrameDecoder decoder) {
		return new ClientDeserializer(decoder, false);
	}

	/**
	 * For a stream read by an inbound channel adapter: a close between chunks is Spring
	 * Integration's soft end of stream, the normal end, which it neither logs nor hands on.
	 */
	static ClientDeserializer stream(FrameDecoder decoder) {
		return new ClientDeserializer(decoder, true);
	}

	@Override
	public byte[] deserialize(InputStream inputStream) throws IOException {
		byte[] frame = this.decoder.decode(FrameInput.of(inputStream));
		if (frame == null && this.closeIsNormalEnd) {
			throw new SoftEndOfStreamException("Stream closed between messages");
		}
		if (frame == null) {
			throw new PeerClosedException();
		}
		return frame;
	}

}
