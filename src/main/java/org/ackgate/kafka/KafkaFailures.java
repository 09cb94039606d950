package org.ackgate.kafka;

import java.util.List;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Classifies a failed send by the exception's type, into the reasons of the failure counter. */
final class KafkaFailures {

	static final String TIMEOUT = "timeout";

	static final String UNAVAILABLE = "unavailable";

	static final String TOO_LARGE = "too_large";

	static final List<String> REASONS = List.of(TIMEOUT, UNAVAILABLE, TOO_LARGE, "unknown_topic", "auth",
			"interrupted", "error");

	private KafkaFailures() {
	}

	static String reason(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
				return TIMEOUT;
			}
			if (cause instanceof RecordTooLargeException) {
				return TOO_LARGE;
			}
			if (cause instanceof UnknownTopicOrPartitionException) {
				return "unknown_topic";
			}
			if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
				return "auth";
			}
			if (cause instanceof InterruptedException) {
				return "interrupted";
			}
		}
		return "error";
	}

	/** The innermost cause's type and text, for a log line. */
	static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
