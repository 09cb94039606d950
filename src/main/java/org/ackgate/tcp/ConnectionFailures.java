package org.ackgate.tcp;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

/**
 * Classifies an I/O failure on a connection into what it means for the close reason and the log
 * line. Types decide first; the JDK throws some cases only as a plain {@code SocketException} or
 * {@code SSLException}, told apart by their message, and those are listed in the one table below,
 * so a JDK release that rewords one needs one line changed here.
 */
final class ConnectionFailures {

	/** What a failure means. */
	enum Kind {

		/** The peer closed, reset or vanished: not worth a warning. */
		PEER_GONE,
		/** A read with a socket timeout timed out. */
		TIMEOUT,
		/** The client's certificate failed the trust checks. */
		CERTIFICATE_REJECTED,
		/** The client spoke something other than TLS on a TLS port. */
		NOT_TLS,
		/** The client sent no certificate where one is required. */
		NO_CLIENT_CERTIFICATE,
		/** The client offers no TLS version the endpoint serves. */
		NO_COMMON_PROTOCOL,
		/** Anything else. */
		OTHER

	}

	/**
	 * A known JDK case: a throwable of this type whose message contains this text (any message
	 * when {@code null}) means this kind.
	 */
	private record Known(Class<? extends Throwable> type, @Nullable String text, Kind kind) {

		boolean matches(Throwable failure) {
			return this.type.isInstance(failure) && (this.text == null
					|| String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT).contains(this.text));
		}

	}

	/** Checked in order, against the failure and each of its causes; the first match wins. */
	private static final List<Known> KNOWN = List.of(
			new Known(SocketTimeoutException.class, null, Kind.TIMEOUT),
			new Known(EOFException.class, null, Kind.PEER_GONE),
			new Known(ClosedChannelException.class, null, Kind.PEER_GONE),
			new Known(CertificateException.class, null, Kind.CERTIFICATE_REJECTED),
			new Known(SocketException.class, "connection reset", Kind.PEER_GONE),
			new Known(SocketException.class, "broken pipe", Kind.PEER_GONE),
			new Known(SocketException.class, "closed", Kind.PEER_GONE),
			// Netty's native transports (epoll, io_uring) report an errno as a plain IOException with its text.
			new Known(IOException.class, "connection reset by peer", Kind.PEER_GONE),
			new Known(IOException.class, "broken pipe", Kind.PEER_GONE),
			new Known(SSLException.class, "remote host terminated the handshake", Kind.PEER_GONE),
			new Known(SSLException.class, "unsupported or unrecognized ssl message", Kind.NOT_TLS),
			// Netty's TLS handler (the event-loop transport) says it its own way.
			new Known(SSLException.class, "not an ssl/tls record", Kind.NOT_TLS),
			new Known(SSLException.class, "empty client certificate chain", Kind.NO_CLIENT_CERTIFICATE),
			new Known(SSLException.class, "certificate_required", Kind.NO_CLIENT_CERTIFICATE),
			new Known(SSLException.class, "client requested protocol", Kind.NO_COMMON_PROTOCOL),
			new Known(SSLException.class, "no appropriate protocol", Kind.NO_COMMON_PROTOCOL),
			new Known(SSLException.class, "protocol is disabled or cipher suites are inappropriate",
					Kind.NO_COMMON_PROTOCOL));

	private ConnectionFailures() {
	}

	/** The kind of the first known case found on the failure or its causes, outermost first. */
	static Kind classify(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			for (Known known : KNOWN) {
				if (known.matches(cause)) {
					return known.kind();
				}
			}
		}
		return Kind.OTHER;
	}

	/** The innermost cause's type and message, for a log line without a stack trace. */
	static String rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	/** The message of the first certificate failure among the causes. */
	static String certificateProblem(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof CertificateException) {
				return String.valueOf(cause.getMessage());
			}
		}
		return String.valueOf(failure.getMessage());
	}

}
