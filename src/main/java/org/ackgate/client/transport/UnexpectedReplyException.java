package org.ackgate.client.transport;

import java.io.IOException;

import org.ackgate.wire.PayloadPreview;

/**
 * The server answered with bytes that are not the ack the client expects, so the boundaries of
 * the following acks cannot be trusted.
 */
public final class UnexpectedReplyException extends IOException {

	private static final long serialVersionUID = 1L;

	private final byte[] received;

	public UnexpectedReplyException(String expectation, byte[] received) {
		super("got " + PayloadPreview.describe(received) + ", " + expectation);
		this.received = received.clone();
	}

	/** What arrived, as far as it was read. */
	public byte[] received() {
		return this.received.clone();
	}

}
