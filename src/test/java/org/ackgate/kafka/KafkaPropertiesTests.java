package org.ackgate.kafka;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ackgate.kafka.*} keys: their defaults, and bad values stopping startup naming the key. */
class KafkaPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
				ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class);

	@Test
	void defaultsAreOffBrokerModeAndKeyedByConnection() {
		this.runner.run(context -> {
			KafkaProperties kafka = context.getBean(KafkaProperties.class);
			assertThat(kafka.enabled()).isFalse();
			assertThat(kafka.topic()).isEqualTo("ackgate-messages");
			assertThat(kafka.key()).isEqualTo(KafkaKey.CONNECTION);
			assertThat(kafka.ackMode()).isEqualTo(KafkaAckMode.BROKER);
			assertThat(kafka.sendTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(kafka.createTopic()).isTrue();
			assertThat(kafka.partitions()).isEqualTo(3);
			assertThat(kafka.replicationFactor()).isEqualTo(-1);
			assertThat(kafka.checkInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(kafka.forward().batchSize()).isEqualTo(500);
			assertThat(kafka.forward().initialBackoff()).isEqualTo(Duration.ofMillis(100));
			assertThat(kafka.forward().maxBackoff()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void relaxedValuesBind() {
		this.runner.withPropertyValues("ackgate.kafka.ack-mode=local", "ackgate.kafka.key=none",
				"ackgate.kafka.replication-factor=3")
			.run(context -> {
				KafkaProperties kafka = context.getBean(KafkaProperties.class);
				assertThat(kafka.ackMode()).isEqualTo(KafkaAckMode.LOCAL);
				assertThat(kafka.key()).isEqualTo(KafkaKey.NONE);
				assertThat(kafka.replicationFactor()).isEqualTo(3);
			});
	}

	@Test
	void badValuesFailNamingTheProperty() {
		assertFailsNaming("ackgate.kafka.topic=", "ackgate.kafka.topic");
		assertFailsNaming("ackgate.kafka.topic=no spaces", "ackgate.kafka.topic");
		assertFailsNaming("ackgate.kafka.ack-mode=sometimes", "ackgate.kafka.ack-mode");
		assertFailsNaming("ackgate.kafka.key=random", "ackgate.kafka.key");
		assertFailsNaming("ackgate.kafka.send-timeout=0s", "sendTimeout");
		assertFailsNaming("ackgate.kafka.partitions=0", "partitions");
		assertFailsNaming("ackgate.kafka.replication-factor=0", "ackgate.kafka.replication-factor");
		assertFailsNaming("ackgate.kafka.forward.initial-backoff=20s", "ackgate.kafka.forward.max-backoff");
	}

	@Test
	void aConfigurationFailureIsReportedInOneLineNamingTheProperty() {
		KafkaConfigurationException failure = new KafkaConfigurationException("ackgate.kafka.ack-mode",
				"ackgate.kafka.ack-mode=local acks once a message is journaled, but the journal is off");
		var analysis = new KafkaFailureAnalyzer().analyze(new IllegalStateException("context", failure));
		assertThat(analysis.getDescription()).doesNotContain("\n").startsWith("ackgate.kafka.ack-mode=local");
		assertThat(analysis.getAction()).contains("ackgate.kafka.ack-mode");
	}

	private void assertFailsNaming(String property, String name) {
		this.runner.withPropertyValues(property).run(context -> {
			assertThat(context).hasFailed();
			StringBuilder messages = new StringBuilder();
			for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
				messages.append(cause.getMessage()).append('\n');
			}
			assertThat(messages.toString()).as(property).contains(name);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(KafkaProperties.class)
	static class Properties {

	}

}
