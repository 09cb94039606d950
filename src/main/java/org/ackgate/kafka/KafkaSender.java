package org.ackgate.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private static final Logger log = LoggerFactory.getLogger(KafkaSender.class);

	private final KafkaTemplate<byte[], byte[]> template;

	private final ProducerFactory<byte[], byte[]> producers;

	private final KafkaRecords records;

	private final KafkaProperties properties;

	private final String brokers;

	private final KafkaMeters meters;

	private final KafkaBrokerState state;

	private final ConfirmationDeadlines deadlines = new ConfirmationDeadlines(System::nanoTime);

	/** Fails overdue confirmations; one daemon thread, so a busy shared scheduler cannot delay it. */
	private final ScheduledExecutorService deadlineChecker = Executors
		.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "ackgate-kafka-deadlines");
			thread.setDaemon(true);
			return thread;
		});

	KafkaSender(KafkaTemplate<byte[], byte[]> template, ProducerFactory<byte[], byte[]> producers,
			KafkaProperties properties, String brokers, KafkaMeters meters, KafkaBrokerState state) {
		this.template = template;
		this.producers = producers;
		this.records = new KafkaRecords(properties.topic(), properties.key());
		this.properties = properties;
		this.brokers = brokers;
		this.meters = meters;
		this.state = state;
		long interval = ConfirmationDeadlines.checkInterval(properties.sendTimeout()).toNanos();
		this.deadlineChecker.scheduleWithFixedDelay(this::expireOverdue, interval, interval, TimeUnit.NANOSECONDS);
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
		List<CompletableFuture<SendResult<byte[], byte[]>>> confirmations = new ArrayList<>(messages.size());
		ConfirmationDeadlines.Waiting waiting = null;
		try {
			for (AcceptedMessage message : messages) {
				ProducerRecord<byte[], byte[]> record = this.records.toRecord(message);
				confirmations.add(this.template.send(record));
			}
			// Registered once complete: the checker must never see the list change.
			waiting = this.deadlines.register(confirmations, start, this.properties.sendTimeout());
			for (int i = 0; i < confirmations.size(); i++) {
				// Untimed: the deadline checker fails it once send-timeout has passed.
				confirmations.get(i).get();
				this.meters.sent(messages.get(i).endpoint(), System.nanoTime() - start);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw fail("interrupted", "interrupted while waiting for Kafka's confirmation");
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof TimeoutException) {
				throw fail(KafkaFailures.TIMEOUT, "Kafka did not confirm within " + this.properties.sendTimeout());
			}
			throw fail(KafkaFailures.reason(cause), "Kafka refused the record: " + KafkaFailures.describe(cause));
		}
		catch (RuntimeException ex) {
			throw fail(KafkaFailures.reason(ex), "Kafka refused the record: " + KafkaFailures.describe(ex));
		}
		finally {
			if (waiting != null) {
				this.deadlines.release(waiting);
			}
		}
		this.state.sent();
	}

	private void expireOverdue() {
		try {
			this.deadlines.expire();
		}
		catch (RuntimeException ex) {
			// A run that throws would cancel the schedule, and with it every later timeout.
			log.warn("Failing overdue Kafka confirmations failed; trying again", ex);
		}
	}

	/** Closes the producer, waiting for what it still holds to be sent. */
	void close() {
		this.producers.reset();
		this.deadlineChecker.shutdownNow();
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
