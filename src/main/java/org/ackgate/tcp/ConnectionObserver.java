package org.ackgate.tcp;

import org.ackgate.wire.ProtocolViolation;

/**
 * Hears what happens to an endpoint's connections; metrics plug in here. Called on the
 * connection's own thread, so implementations must be cheap and must not block.
 */
public interface ConnectionObserver {

	default void opened(String endpoint) {
	}

	default void closed(String endpoint, CloseReason reason) {
	}

	/** A connection was refused at accept because the endpoint was full. */
	default void rejected(String endpoint) {
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
