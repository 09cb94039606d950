package org.ackgate.journal;

/**
 * An append that did not make its record safe, so its message must not be acked. The message is
 * what the connection's close reason shows ({@code journal append failed: No space left on device}).
 */
public final class JournalAppendException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	JournalAppendException(String message, Throwable cause) {
		super(message);
		// Suppressed, not the cause: the connection's close line names the root cause, which is this.
		addSuppressed(cause);
	}

	JournalAppendException(String message) {
		super(message);
	}

}
