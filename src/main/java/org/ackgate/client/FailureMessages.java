package org.ackgate.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

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
