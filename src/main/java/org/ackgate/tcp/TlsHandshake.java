package org.ackgate.tcp;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Runs a TLS connection's handshake on the connection's own thread, before it reads or writes
 * anything and before its open event is published: a slow or silent client never blocks the
 * accept loop, and listeners (the time written on connect) only ever see an established TLS
 * session. The handshake is bounded twice: each read by a socket timeout set for the handshake
 * alone, the whole by the tracker's sweep, so a client dribbling its hello one byte at a time is cut off too. A
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
		ConnectionTracker tracker = connection.tracker();
		long timeoutNanos = settings.ssl().handshakeTimeout().toNanos();
		tracker.handshakeStarted(connection, System.nanoTime() + timeoutNanos);
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
			tracker.handshakeEnded(connection);
			return true;
		}
		catch (IOException ex) {
			if (!tracker.handshakeEnded(connection)) {
				// The watchdog (which said why) or the drain closed the connection under the handshake.
				connection.closeWith(CloseReason.TLS, "TLS handshake interrupted by the close");
			}
			else if (isPeerGone(ex)) {
				// A TCP health check, or a client that gave up: nothing to warn about.
				connection.closeWith(CloseReason.CLIENT, "closed by the client during the TLS handshake");
			}
			else {
				String detail = describe(ex, settings);
				tracker.handshakeFailed(connection, detail);
				connection.closeWith(CloseReason.TLS, "TLS handshake failed: " + detail);
			}
			return false;
		}
	}

	private static boolean isPeerGone(IOException failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			String message = String.valueOf(cause.getMessage());
			if (cause instanceof EOFException || message.contains("Connection reset") || message.contains("Broken pipe")
					|| message.contains("Remote host terminated the handshake")) {
				return true;
			}
		}
		return false;
	}

	private static int millis(long millis) {
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
	}

	/** One line for the log, from the cause that says most: no stack trace, no nested wrappers. */
	static String describe(IOException failure, TcpServerSettings settings) {
		if (failure instanceof SocketTimeoutException) {
			return "no handshake within " + settings.ssl().handshakeTimeout().toMillis() + " ms";
		}
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			if (cause.getCause() instanceof CertificateException certificate) {
				return "client certificate rejected: " + certificate.getMessage();
			}
			cause = cause.getCause();
		}
		String message = String.valueOf(failure.getMessage());
		String lower = message.toLowerCase(Locale.ROOT);
		if (lower.contains("unsupported or unrecognized ssl message")) {
			return "not a TLS client (plain text on a TLS port?)";
		}
		if (lower.contains("empty client certificate chain") || lower.contains("certificate_required")) {
			return "the client sent no certificate, and one is required (client-auth: need)";
		}
		if (lower.contains("protocol") && lower.contains("not supported")
				|| lower.contains("client requested protocol")) {
			return "the client offers no protocol ackgate serves (" + String.join(", ", ServerTls.PROTOCOLS) + "): "
					+ message;
		}
		if (failure instanceof SSLException) {
			return message;
		}
		return failure.getClass().getSimpleName() + ": " + message;
	}

}
