package org.ackgate.kafka;

import org.apache.kafka.common.config.ConfigException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Kafka settings that cannot work stop startup with Spring Boot's short report naming the property. */
class KafkaFailureAnalyzer extends AbstractFailureAnalyzer<KafkaConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, KafkaConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(), "Fix " + cause.property() + "; see docs/kafka.md.", cause);
	}

	/**
	 * A setting the Kafka clients themselves refuse as they are created (a bootstrap address
	 * without a port, an unknown value): their message names Kafka's own key, which Spring Boot
	 * sets from {@code spring.kafka.*}.
	 */
	static final class ClientSetting extends AbstractFailureAnalyzer<ConfigException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
			return new FailureAnalysis("The Kafka client refused its configuration: " + cause.getMessage(),
					"Fix the spring.kafka.* setting behind it (bootstrap.servers is spring.kafka.bootstrap-servers, "
							+ "host:port separated by commas; others are under spring.kafka.producer.* or "
							+ "spring.kafka.properties.*); see docs/kafka.md.",
					cause);
		}

	}

}
