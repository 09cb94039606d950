package org.ackgate.client.transport;

/**
 * A network or protocol failure a command reports as one line ({@code ackgate: <message>}) with
 * exit status 1. The message is complete on its own; no stack trace is printed unless
 * {@code --verbose}.
 */
public final class ClientFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ClientFailure(String message) {
		super(message);
	}

	public ClientFailure(String message, Throwable cause) {
		super(message, cause);
	}

}
