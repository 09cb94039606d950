package org.ackgate.kafka;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Failed sends are classified by the exception's type, wherever it sits in the cause chain. */
class KafkaFailuresTests {

	@Test
	void reasonsComeFromTypes() {
		assertThat(KafkaFailures.reason(new TimeoutException("Expiring 3 record(s)"))).isEqualTo("timeout");
		assertThat(KafkaFailures.reason(new java.util.concurrent.TimeoutException())).isEqualTo("timeout");
		assertThat(KafkaFailures.reason(new ExecutionException(new RecordTooLargeException("big"))))
			.isEqualTo("too_large");
		assertThat(KafkaFailures.reason(new KafkaException("send failed", new UnknownTopicOrPartitionException("t"))))
			.isEqualTo("unknown_topic");
		assertThat(KafkaFailures.reason(new SaslAuthenticationException("bad password"))).isEqualTo("auth");
		assertThat(KafkaFailures.reason(new TopicAuthorizationException("no write"))).isEqualTo("auth");
		assertThat(KafkaFailures.reason(new KafkaException("anything else"))).isEqualTo("error");
		assertThat(KafkaFailures.REASONS).contains("timeout", "unavailable", "too_large", "unknown_topic", "auth",
				"interrupted", "error");
	}

	@Test
	void onlyFailuresAboutTheRecordItselfAreForGood() {
		assertThat(KafkaFailures.rejectsRecord(new KafkaException("send failed", new RecordTooLargeException("big"))))
			.isTrue();
		assertThat(KafkaFailures.rejectsRecord(new org.apache.kafka.common.InvalidRecordException("no key"))).isTrue();
		assertThat(KafkaFailures.rejectsRecord(new org.apache.kafka.common.errors.InvalidTimestampException("old")))
			.isTrue();
		assertThat(KafkaFailures.rejectsRecord(new TimeoutException("Expiring 3 record(s)"))).isFalse();
		assertThat(KafkaFailures.rejectsRecord(new java.util.concurrent.TimeoutException())).isFalse();
		assertThat(KafkaFailures.rejectsRecord(new org.apache.kafka.common.errors.NotEnoughReplicasException("isr")))
			.isFalse();
		assertThat(KafkaFailures.rejectsRecord(new org.apache.kafka.common.errors.RecordBatchTooLargeException("b")))
			.isFalse();
		assertThat(KafkaFailures.rejectsRecord(new TopicAuthorizationException("no write"))).isFalse();
		assertThat(KafkaFailures.rejectsRecord(new UnknownTopicOrPartitionException("t"))).isFalse();
		assertThat(KafkaFailures.rejectsRecord(new KafkaException("part of a batch with an invalid record"))).isFalse();
	}

	@Test
	void theDescriptionIsTheInnermostCause() {
		assertThat(KafkaFailures.describe(new ExecutionException(new KafkaException("outer", new TimeoutException("inner")))))
			.isEqualTo("TimeoutException: inner");
	}

}
