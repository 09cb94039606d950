package org.ackgate.client.transport;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

import org.ackgate.wire.ProtocolViolation;

/**
 * Tells a connection the server ended between replies (closed, reset, or refused on a reconnect),
 * which a client may survive by sending the unacked messages again on a new connection, from a
 * failure it must report: a reply that is wrong, cut short or late, or a TLS failure. Types decide;
 * the JDK reports a reset, a broken pipe and a socket (or TLS connection) closed under a write
 * only as a plain {@code SocketException} told apart by its message, and those are the only texts
 * in the table.
 */
public final class ConnectionLoss {

	/** A failure of this type (and, when {@code text} is set, with this text in its message) decides. */
	private record Known(Class<? extends Throwable> type, @Nullable String text, boolean betweenReplies) {

		boolean matches(Throwable failure) {
			return this.type.isInstance(failure) && (this.text == null
					|| String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT).contains(this.text));
		}

	}

	/** Checked in order against the failure and each of its causes, outermost first; the first match decides. */
	private static final List<Known> KNOWN = List.of(
			// A reply that is not the ack, or stops half-way: the connection is not at a message boundary.
			new Known(ProtocolViolation.class, null, false),
			new Known(UnexpectedReplyException.class, null, false),
			new Known(ClientFailure.class, null, false),
			new Known(SSLException.class, null, false),
			// No reply within the timeout: the server may still ack, so sending again could duplicate.
			new Known(SocketTimeoutException.class, null, false),
			new Known(PeerClosedException.class, null, true),
			new Known(ConnectException.class, null, true),
			new Known(SocketException.class, "connection reset", true),
			new Known(SocketException.class, "broken pipe", true),
			// The reader thread saw the server's end and closed the socket while a request was being written.
			new Known(SocketException.class, "socket closed", true),
			new Known(SocketException.class, "socket is closed", true),
			// The same over TLS: the server's close_notify has arrived, so the JDK refuses the write
			// ("... has been closed" on JDK 17, "... has closed" on JDK 25).
			new Known(SocketException.class, "connection or outbound has", true));

	private static final int MAX_DEPTH = 16;

	private ConnectionLoss() {
	}

	/**
	 * Whether {@code failure} says the server ended the connection between replies: nothing of a
	 * reply had arrived, so a new connection starts clean.
	 */
	public static boolean isBetweenReplies(@Nullable Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			for (Known known : KNOWN) {
				if (known.matches(current)) {
					return known.betweenReplies();
				}
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return false;
	}

}
