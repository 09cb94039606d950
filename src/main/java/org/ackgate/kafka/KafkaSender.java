package org.ackgate.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;

import org.ackgate.messages.AcceptedMessage;

/**
 * Sends accepted messages and waits for the broker's confirmation within {@code send-timeout};
 * anything else — a timeout, a refusal, brokers known to be unreachable — is a
 * {@link KafkaSendException}, counted by reason, so the message is not acked.
 */
final class KafkaSender {

	private final KafkaTemplate<byte[], byte[]> template;

	private final ProducerFactory<byte[], byte[]> producers;

	private final KafkaRecords records;

	private final KafkaProperties properties;

	private final String brokers;

	private final KafkaMeters meters;

	private final KafkaBrokerState state;

	KafkaSender(KafkaTemplate<byte[], byte[]> template, ProducerFactory<byte[], byte[]> producers,
			KafkaProperties properties, String brokers, KafkaMeters meters, KafkaBrokerState state) {
		this.template = template;
		this.producers = producers;
		this.records = new KafkaRecords(properties.topic(), properties.key());
		this.properties = properties;
		this.brokers = brokers;
		this.meters = meters;
		this.state = state;
	}

	/** Returns once the broker confirmed the message's record. */
	void send(AcceptedMessage message) {
		sendAll(List.of(message));
	}

	/** Returns once the broker confirmed every record; they are handed to the producer in this order. */
	void sendAll(List<AcceptedMessage> messages) {
		String unavailable = this.state.checkProblem();
		if (unavailable != null) {
			throw fail(KafkaFailures.UNAVAILABLE, "Kafka unavailable, not sent: " + unavailable);
		}
		long start = System.nanoTime();
		long deadline = start + this.properties.sendTimeout().toNanos();
		List<CompletableFuture<SendResult<byte[], byte[]>>> confirmations = new ArrayList<>(messages.size());
		try {
			for (AcceptedMessage message : messages) {
				ProducerRecord<byte[], byte[]> record = this.records.toRecord(message);
				confirmations.add(this.template.send(record));
			}
			for (int i = 0; i < confirmations.size(); i++) {
				confirmations.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				this.meters.sent(messages.get(i).endpoint(), System.nanoTime() - start);
			}
		}
		catch (TimeoutException ex) {
			throw fail(KafkaFailures.TIMEOUT, "Kafka did not confirm within " + this.properties.sendTimeout());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw fail("interrupted", "interrupted while waiting for Kafka's confirmation");
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw fail(KafkaFailures.reason(cause), "Kafka refused the record: " + KafkaFailures.describe(cause));
		}
		catch (RuntimeException ex) {
			throw fail(KafkaFailures.reason(ex), "Kafka refused the record: " + KafkaFailures.describe(ex));
		}
		this.state.sent();
	}

	/** Closes the producer, waiting for what it still holds to be sent. */
	void close() {
		this.producers.reset();
	}

	private KafkaSendException fail(String reason, String what) {
		String problem = what + " (topic " + this.properties.topic() + " on " + this.brokers + ")";
		this.meters.failed(reason);
		// A record too large is that message's problem, not the brokers': readiness stays as it is.
		if (!KafkaFailures.TOO_LARGE.equals(reason)) {
			this.state.sendFailed(problem);
		}
		return new KafkaSendException(reason, problem);
	}

}
