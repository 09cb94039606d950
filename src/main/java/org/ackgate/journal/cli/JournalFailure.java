package org.ackgate.journal.cli;

/** A failure reported as one line with exit status 1. */
final class JournalFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	JournalFailure(String message) {
		super(message);
	}

}
