package org.ackgate.tcp;

import java.util.Locale;

/** Why a connection ended; {@link #label()} is the value of the {@code reason} metric tag. */
public enum CloseReason {

	/** The peer closed, reset, or vanished. */
	CLIENT,
	/** The peer sent nothing for the read timeout, or did not read an ack within the write timeout. */
	IDLE,
	/** The peer started a message and did not finish it within the message timeout (a slow-loris guard). */
	SLOW,
	/** The peer broke the framing; the connection cannot be trusted to stay in step. */
	PROTOCOL,
	/** The endpoint was at its connection limit. */
	LIMIT,
	/** The service is stopping. */
	SHUTDOWN,
	/** Anything else: an I/O failure or a message that could not be handed off. */
	ERROR;

	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
