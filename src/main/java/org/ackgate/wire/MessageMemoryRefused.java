package org.ackgate.wire;

import java.io.IOException;

/**
 * A reader could not take the memory the rest of a message needs: the incomplete messages of all
 * connections hold what {@link MessageMemory} allows. The message is dropped, unacked; the
 * connection that carried it is closed, and every other one is served on.
 */
public final class MessageMemoryRefused extends IOException {

	private static final long serialVersionUID = 1L;

	public MessageMemoryRefused(long bytes) {
		super("no memory for " + bytes + " more bytes of an incomplete message");
	}

}
