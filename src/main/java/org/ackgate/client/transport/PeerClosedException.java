package org.ackgate.client.transport;

import java.io.EOFException;

/**
 * The server closed the connection while the client waited for a reply. Unlike Spring
 * Integration's soft end of stream, it reaches the waiting gateway at once instead of after the
 * reply timeout.
 */
public final class PeerClosedException extends EOFException {

	private static final long serialVersionUID = 1L;

	public PeerClosedException() {
		super("connection closed by the server");
	}

}
