package org.ackgate.tcp;

import org.ackgate.wire.ProtocolViolation;

/**
 * Hears what happens to an endpoint's connections; metrics plug in here. Called on the
 * connection's own thread, so implementations must be cheap and must not block.
 */
public interface ConnectionObserver {

	default void opened(String endpoint) {
	}

	/** Bytes read from a connection's socket, reported per read. */
	default void bytesReceived(String endpoint, int count) {
	}

	/** A message was decoded and is about to be handed off. */
	default void messageReceived(String endpoint, int payloadBytes) {
	}

	/**
	 * A reply (an ack, or the time on the time endpoint) was written and flushed.
	 * @param nanosSinceDecode from the message decoded to the reply flushed, or -1 when the reply
	 * answers no message (the time on connect)
	 */
	default void replySent(String endpoint, int bytes, long nanosSinceDecode) {
	}

	default void closed(String endpoint, CloseReason reason) {
	}

	/**
	 * A connection was refused at accept, before any thread or TLS state was spent on it.
	 * @param reason {@link CloseReason#LIMIT}, {@link CloseReason#SOURCE_LIMIT} or {@link CloseReason#DENIED}
	 */
	default void rejected(String endpoint, CloseReason reason) {
	}

	/**
	 * An accept failed because the process or the machine ran out of file descriptors or socket
	 * memory; accepting pauses briefly and goes on ({@link AcceptShortage}).
	 */
	default void acceptFailed(String endpoint) {
	}

	default void protocolError(String endpoint, ProtocolViolation.Kind kind) {
	}

	/** A framed client confirmed an ack with {@code ok}. */
	default void receipt(String endpoint) {
	}

	/** The framed codec dropped bytes to find the next magic. */
	default void skippedBytes(String endpoint, long count) {
	}

}
