package org.ackgate.kafka;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka as the sink of accepted messages (docs/kafka.md). Brokers, security and producer tuning
 * are Spring Boot's own {@code spring.kafka.*} keys; these say what ackgate sends and when it acks.
 * @param enabled send every accepted message to Kafka
 * @param topic the topic records are written to
 * @param key the record key: {@code connection} (each connection's messages in order on one
 * partition), {@code peer} (the client's address and port) or {@code none}
 * @param ackMode {@code broker}: ack once the broker confirmed the record ({@code acks=all});
 * {@code local}: ack once journaled, forward from the journal afterwards (needs ackgate.journal.enabled)
 * @param sendTimeout bound on waiting for the broker's confirmation of a record (or a batch, in
 * {@code local} mode); later, the message gets no ack ({@code broker}) or is sent again ({@code local})
 * @param createTopic create the topic at startup when it is missing; false: a missing topic stops startup
 * @param partitions partitions of a topic ackgate creates
 * @param replicationFactor replicas of a topic ackgate creates; -1: the broker's {@code default.replication.factor}
 * @param checkInterval how often the brokers and the topic are checked again (readiness, retries after an outage)
 * @param forward {@code local} mode: how the journal is forwarded
 */
@ConfigurationProperties("ackgate.kafka")
@Validated
public record KafkaProperties(
		@DefaultValue("false") boolean enabled,
		@DefaultValue("ackgate-messages") @NotNull String topic,
		@DefaultValue("connection") @NotNull KafkaKey key,
		@DefaultValue("broker") @NotNull KafkaAckMode ackMode,
		@DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration sendTimeout,
		@DefaultValue("true") boolean createTopic,
		@DefaultValue("3") @Min(1) @Max(100000) int partitions,
		@DefaultValue("-1") @Min(-1) @Max(32767) int replicationFactor,
		@DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration checkInterval,
		@DefaultValue @NotNull @Valid Forward forward) {

	public KafkaProperties {
		if (topic != null && !topic.matches("[a-zA-Z0-9._-]{1,249}")) {
			throw new IllegalArgumentException("ackgate.kafka.topic must be 1 to 249 letters, digits, '.', '_' or '-', was '"
					+ topic + "'");
		}
		if (replicationFactor == 0) {
			throw new IllegalArgumentException("ackgate.kafka.replication-factor must be at least 1, or -1 for the "
					+ "broker's default, was 0");
		}
		if (forward != null && forward.initialBackoff() != null && forward.maxBackoff() != null
				&& forward.maxBackoff().compareTo(forward.initialBackoff()) < 0) {
			throw new IllegalArgumentException("ackgate.kafka.forward.max-backoff (" + forward.maxBackoff()
					+ ") must not be shorter than ackgate.kafka.forward.initial-backoff (" + forward.initialBackoff() + ")");
		}
	}

	/**
	 * The {@code local} mode's forwarder: it sends journal records in batches, each confirmed by
	 * the broker before the cursor passes it; a failed batch is sent again from its first record the
	 * broker did not confirm, after a pause that doubles from {@code initial-backoff} up to
	 * {@code max-backoff}, for as long as it takes. A record Kafka refuses for good (too large,
	 * invalid) is skipped and counted instead (docs/kafka.md).
	 * @param batchSize records sent at once at most (and so sent twice at most when a batch fails)
	 * @param initialBackoff the pause after the first failure
	 * @param maxBackoff the longest pause
	 */
	public record Forward(
			@DefaultValue("500") @Min(1) @Max(100000) int batchSize,
			@DefaultValue("100ms") @NotNull @DurationMin(millis = 1) Duration initialBackoff,
			@DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration maxBackoff) {
	}

}
