package org.ackgate.client.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

import javax.net.ssl.SSLException;

import org.springframework.integration.MessageTimeoutException;

import org.ackgate.wire.ProtocolViolation;

/**
 * Turns whatever went wrong talking to a target into the one line a user reads, for example
 * {@code connection refused: 127.0.0.1:7373}. Spring Integration wraps socket failures in
 * messaging exceptions; the cause chain is searched for the failure that explains the rest.
 */
public final class FailureMessages {

	private static final int MAX_DEPTH = 16;

	private FailureMessages() {
	}

	public static String describe(Throwable failure, ClientTarget target) {
		String address = target.address();
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++, current = current.getCause()) {
			String explained = explain(current, target, address);
			if (explained != null) {
				return explained;
			}
		}
		Throwable root = rootCause(failure);
		if (root instanceof IOException) {
			return "I/O error with " + address + ": " + root.getMessage();
		}
		return "unexpected error with " + address + ": " + root;
	}

	private static String explain(Throwable failure, ClientTarget target, String address) {
		if (failure instanceof ClientFailure) {
			return failure.getMessage();
		}
		if (failure instanceof UnknownHostException) {
			return "unknown host: " + target.host();
		}
		if (failure instanceof ConnectException) {
			String message = lower(failure);
			return message.contains("timed out") ? connectTimedOut(target)
					: "connection refused: " + address;
		}
		if (failure instanceof NoRouteToHostException) {
			return "no route to host: " + address;
		}
		if (failure instanceof PortUnreachableException) {
			return "port unreachable: " + address;
		}
		if (failure instanceof SocketTimeoutException) {
			return lower(failure).contains("connect") ? connectTimedOut(target)
					: "no reply from " + address + " within " + target.timeoutText();
		}
		if (failure instanceof MessageTimeoutException) {
			return "no reply from " + address + " within " + target.timeoutText();
		}
		if (failure instanceof PeerClosedException) {
			return "connection closed by " + address + " before the reply";
		}
		if (failure instanceof ProtocolViolation violation) {
			return (violation.kind() == ProtocolViolation.Kind.TRUNCATED)
					? "connection closed by " + address + " in the middle of a reply"
					: "bad reply from " + address + ": " + violation.getMessage();
		}
		if (failure instanceof UnexpectedReplyException) {
			return "unexpected reply from " + address + ": " + failure.getMessage();
		}
		if (failure instanceof SSLException tls) {
			return "TLS handshake with " + address + " failed: " + tlsReason(tls, target);
		}
		if (failure instanceof SocketException) {
			String message = lower(failure);
			if (message.contains("reset")) {
				return "connection reset by " + address;
			}
			if (message.contains("broken pipe")) {
				return "connection closed by " + address + " while sending";
			}
		}
		return null;
	}

	/** Why a TLS handshake failed, in words that say what to do, from the JDK's exception chain. */
	static String tlsReason(SSLException failure, ClientTarget target) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof CertificateExpiredException) {
				return "the server's certificate has expired (" + cause.getMessage() + ")";
			}
			if (cause instanceof CertificateNotYetValidException) {
				return "the server's certificate is not valid yet (" + cause.getMessage() + ")";
			}
		}
		// Newer JDKs put the alert's name first: "(certificate_unknown) Received fatal alert: …".
		String message = String.valueOf(failure.getMessage()).replaceFirst("^\\([a-z_]+\\) ", "");
		String lower = message.toLowerCase(Locale.ROOT);
		boolean presented = target.tls() != null && target.tls().presentsCertificate();
		if (lower.contains("pkix path building failed") || lower.contains("unable to find valid certification path")) {
			return "PKIX path building failed (untrusted certificate)";
		}
		if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
			return "the server's certificate is not for " + target.host() + " (" + message + ")";
		}
		if (lower.contains("certificate_required") || (!presented && lower.contains("bad_certificate"))) {
			return "the server requires a client certificate (--cert FILE --key FILE)";
		}
		if (lower.contains("received fatal alert: bad_certificate") || lower.contains("unknown_ca")
				|| lower.contains("certificate_unknown")) {
			return "the server refused the client certificate (" + message + ")";
		}
		if (lower.contains("unsupported or unrecognized ssl message")) {
			return "the server does not speak TLS (plain TCP on this port?)";
		}
		if (lower.contains("remote host terminated") || lower.contains("peer shut down")) {
			return "the server closed the connection during the handshake";
		}
		if (lower.contains("protocol_version") || lower.contains("no appropriate protocol")) {
			return "no TLS version in common (" + message + ")";
		}
		return message;
	}

	private static String connectTimedOut(ClientTarget target) {
		return "timed out connecting to " + target.address() + " after " + target.timeoutText();
	}

	private static String lower(Throwable failure) {
		return String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable root = failure;
		for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < MAX_DEPTH; depth++) {
			root = root.getCause();
		}
		return root;
	}

}
