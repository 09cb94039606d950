package org.ackgate.tcp;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Runs a TLS connection's handshake on the connection's own thread, before it reads or writes
 * anything and before its open event is published: a slow or silent client never blocks the
 * accept loop, and listeners (the time written on connect) only ever see an established TLS
 * session. The handshake is bounded twice: each read by a socket timeout set for the handshake
 * alone, the whole by the endpoint's sweep ({@link OpenConnections}), so a client dribbling its hello one byte at a time is cut off too. A
 * failure closes the connection with reason {@code tls}: logged (rate-limited per address) and
 * counted.
 */
final class TlsHandshake {

	/** How long a transport closed by a failed handshake waits for the client to read the alert. */
	static final Duration LINGER = Duration.ofMillis(500);

	/*
	 * Set on the connection's thread while it shakes hands: when the JDK closes the transport
	 * after sending a fatal alert, the close is a lingering one (EndpointServerSocket), so data
	 * the client already sent (its first request, under TLS 1.3) does not turn into a reset that
	 * destroys the alert before the client has read it.
	 */
	private static final ThreadLocal<Boolean> HANDSHAKING = new ThreadLocal<>();

	private TlsHandshake() {
	}

	/** Whether the calling thread is in a server handshake. */
	static boolean isHandshakingOnThisThread() {
		return HANDSHAKING.get() != null;
	}

	/**
	 * @return whether the connection may go on: {@code true} for plain TCP and for a completed
	 * handshake, {@code false} when the connection was closed
	 */
	static boolean complete(EndpointConnection connection, Socket socket, TcpServerSettings settings) {
		if (!(socket instanceof SSLSocket tls)) {
			return true;
		}
		long timeoutNanos = settings.ssl().handshakeTimeout().toNanos();
		connection.handshakeStarted(System.nanoTime() + timeoutNanos);
		try {
			// Reads after the handshake keep the socket's own timeout (none: the sweep handles idleness).
			int afterwards = tls.getSoTimeout();
			tls.setSoTimeout(millis(settings.ssl().handshakeTimeout().toMillis()));
			HANDSHAKING.set(Boolean.TRUE);
			try {
				tls.startHandshake();
			}
			finally {
				HANDSHAKING.remove();
			}
			tls.setSoTimeout(afterwards);
			connection.handshakeEnded();
			return true;
		}
		catch (IOException ex) {
			ConnectionFailures.Kind kind = ConnectionFailures.classify(ex);
			if (!connection.handshakeEnded()) {
				// The sweep (which said why) or the drain closed the connection under the handshake.
				connection.closeWith(CloseReason.TLS, "TLS handshake interrupted by the close");
			}
			else if (kind == ConnectionFailures.Kind.PEER_GONE) {
				// A TCP health check, or a client that gave up: nothing to warn about.
				connection.closeWith(CloseReason.CLIENT, "closed by the client during the TLS handshake");
			}
			else {
				String detail = describe(kind, ex, settings);
				connection.events().handshakeFailed(connection.peer(), connection.getConnectionId(), detail);
				connection.closeWith(CloseReason.TLS, "TLS handshake failed: " + detail);
			}
			return false;
		}
	}

	private static int millis(long millis) {
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
	}

	/** What a handshake past its deadline is called in the log, on either transport. */
	static String timedOut(TcpServerSettings settings) {
		return "no handshake within " + settings.ssl().handshakeTimeout().toMillis() + " ms";
	}

	/** One line for the log, from the cause that says most: no stack trace, no nested wrappers. */
	static String describe(ConnectionFailures.Kind kind, IOException failure, TcpServerSettings settings) {
		String message = String.valueOf(failure.getMessage());
		return switch (kind) {
			case TIMEOUT -> timedOut(settings);
			case CERTIFICATE_REJECTED -> "client certificate rejected: " + ConnectionFailures.certificateProblem(failure);
			case NOT_TLS -> "not a TLS client (plain text on a TLS port?)";
			case NO_CLIENT_CERTIFICATE -> "the client sent no certificate, and one is required (client-auth: need)";
			case NO_COMMON_PROTOCOL -> "the client offers no protocol ackgate serves ("
					+ String.join(", ", ServerTls.PROTOCOLS) + "): " + message;
			default -> (failure instanceof SSLException) ? message : failure.getClass().getSimpleName() + ": " + message;
		};
	}

}
