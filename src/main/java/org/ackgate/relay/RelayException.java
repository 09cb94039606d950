package org.ackgate.relay;

/** The upstream did not ack a message; its message names the upstream and what went wrong. */
public final class RelayException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	RelayException(String message) {
		super(message);
	}

}
