package org.ackgate.kafka;

/**
 * The broker did not confirm a record; the message names the topic, the brokers and what went
 * wrong, and ends up in the connection's close line, so it carries no cause of its own.
 */
public final class KafkaSendException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String reason;

	KafkaSendException(String reason, String message) {
		super(message);
		this.reason = reason;
	}

	/** The {@code reason} tag of {@code ackgate_kafka_send_failures_total}. */
	public String reason() {
		return this.reason;
	}

}
