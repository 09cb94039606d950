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
	/** The source address already had the endpoint's {@code max-connections-per-source}. */
	SOURCE_LIMIT,
	/** The source address is not in the endpoint's {@code allow} list. */
	DENIED,
	/** The TLS handshake failed or did not finish within the handshake timeout. */
	TLS,
	/** The service is stopping. */
	SHUTDOWN,
	/** Open longer than the endpoint's {@code max-connection-age}: closed after an ack, so the client reconnects, maybe to another replica. */
	AGE,
	/**
	 * The incomplete messages of all connections would have held more than
	 * {@code ackgate.tcp.incomplete-message-memory}; this connection's was dropped, unacked.
	 */
	MEMORY,
	/** Anything else: an I/O failure or a message that could not be handed off. */
	ERROR;

	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
