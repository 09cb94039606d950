package org.ackgate.kafka;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Kafka settings that cannot work stop startup with Spring Boot's short report naming the property. */
class KafkaFailureAnalyzer extends AbstractFailureAnalyzer<KafkaConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, KafkaConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(), "Fix " + cause.property() + "; see docs/kafka.md.", cause);
	}

}
