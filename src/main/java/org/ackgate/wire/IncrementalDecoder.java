package org.ackgate.wire;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Decodes one connection's messages from bytes as they arrive, never waiting for more: the
 * event-loop transport's counterpart of a {@link FrameDecoder}, with the same framing, the same
 * bounds and the same violations. One instance per connection, used by one thread at a time.
 */
public interface IncrementalDecoder {

	/**
	 * The next message from the bytes received and not yet consumed.
	 * @param received the unconsumed bytes, from its position to its limit; on return its position
	 * is past whatever was consumed (a message, and what a codec consumes between messages). The
	 * bytes of an incomplete message stay unconsumed, so a caller keeps them for the next call.
	 * @return the message, or {@code null} when the bytes hold no complete message yet
	 * @throws ProtocolViolation as soon as the bytes show one, as the blocking codec would
	 */
	byte @Nullable [] next(ByteBuffer received) throws ProtocolViolation;

	/**
	 * The peer ended the stream, leaving these bytes unconsumed (after {@link #next} returned
	 * {@code null} on them).
	 * @throws ProtocolViolation {@code TRUNCATED} when the stream ended inside a message
	 */
	void endOfStream(ByteBuffer remaining) throws ProtocolViolation;

	/**
	 * Whether bytes already consumed belong to a message not yet complete: a codec that consumes
	 * garbage while it looks for the next frame is inside a message from the first such byte, so
	 * that a peer trickling garbage meets the message timeout, as on the blocking transport.
	 */
	default boolean insideMessage() {
		return false;
	}

}
