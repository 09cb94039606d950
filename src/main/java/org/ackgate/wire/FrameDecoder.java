package org.ackgate.wire;

import java.io.IOException;

/** Reads one message from a connection's input; the codecs of every endpoint implement it. */
@FunctionalInterface
public interface FrameDecoder {

	/**
	 * @return the next message, or {@code null} when the stream ended cleanly between messages
	 * @throws ProtocolViolation when the peer broke the framing
	 */
	byte[] decode(FrameInput input) throws IOException;

}
