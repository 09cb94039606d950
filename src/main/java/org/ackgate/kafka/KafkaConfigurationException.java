package org.ackgate.kafka;

/** A setting that makes Kafka unusable as configured; its message is one line naming the property. */
final class KafkaConfigurationException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String property;

	KafkaConfigurationException(String property, String message) {
		super(message);
		this.property = property;
	}

	String property() {
		return this.property;
	}

}
