package org.ackgate.kafka;

import java.util.List;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
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

	/**
	 * Whether Kafka refused this one record for good: sending it again can only fail again, however
	 * long the wait, while the records around it can be taken. These are
	 * <ul>
	 * <li>{@link RecordTooLargeException}: larger than the producer's {@code max.request.size} or
	 * {@code buffer.memory}, or than the topic's {@code max.message.bytes} (the producer splits a batch
	 * the broker refused as too large, so it ends up naming the record itself);</li>
	 * <li>{@link InvalidRecordException}: the broker refused the record itself (a keyless record on a
	 * compacted topic, say; the others of its batch fail with a plain KafkaException and are sent again);</li>
	 * <li>{@link InvalidTimestampException}: its timestamp, the receive time, is outside what the topic's
	 * {@code message.timestamp.*} settings allow, which waiting only makes worse.</li>
	 * </ul>
	 * Not these: anything {@link RetriableException}; timeouts; unknown topics, authentication and
	 * authorization, which are the topic's or the client's problem and heal when it is fixed;
	 * {@code RecordBatchTooLargeException}, which is about a batch, not a record; and anything else
	 * not known to be about the record, which is sent again rather than dropped.
	 */
	static boolean rejectsRecord(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof RetriableException) {
				return false;
			}
			if (cause instanceof RecordTooLargeException || cause instanceof InvalidRecordException
					|| cause instanceof InvalidTimestampException) {
				return true;
			}
		}
		return false;
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
