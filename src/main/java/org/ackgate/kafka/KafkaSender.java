package org.ackgate.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
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

	/**
	 * Bytes of the records handed to the producer and not confirmed or failed yet: what holds its
	 * buffer (a batch of {@link #sendEach} counts until its whole wait ends).
	 */
	private final LongAdder unconfirmedBytes = new LongAdder();

	private final long unconfirmedBytesLimit;

	private final long metadataFreshNanos;

	/** When a {@link #sendLater} confirmation last came (System.nanoTime()); far in the past before the first. */
	private volatile long lastConfirmedNanos;

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
		Map<String, Object> config = producers.getConfigurationProperties();
		this.unconfirmedBytesLimit = longOf(config.get(ProducerConfig.BUFFER_MEMORY_CONFIG), 32L * 1024 * 1024) / 2;
		// Well inside metadata.max.idle.ms, after which the producer drops an unused topic's metadata.
		this.metadataFreshNanos = Duration
			.ofMillis(Math.min(30_000, longOf(config.get(ProducerConfig.METADATA_MAX_IDLE_CONFIG), 300_000) / 2))
			.toNanos();
		this.lastConfirmedNanos = System.nanoTime() - this.metadataFreshNanos - 1;
		long interval = ConfirmationDeadlines.checkInterval(properties.sendTimeout()).toNanos();
		this.deadlineChecker.scheduleWithFixedDelay(this::expireOverdue, interval, interval, TimeUnit.NANOSECONDS);
	}

	/** Returns once the broker confirmed the message's record. */
	void send(AcceptedMessage message) {
		refuseWhileUnavailable();
		long start = System.nanoTime();
		ConfirmationDeadlines.Waiting waiting = null;
		long handedOver = 0;
		try {
			ProducerRecord<byte[], byte[]> record = this.records.toRecord(message);
			handedOver = sizeOf(record);
			this.unconfirmedBytes.add(handedOver);
			CompletableFuture<SendResult<byte[], byte[]>> confirmation = this.template.send(record);
			waiting = this.deadlines.register(List.of(confirmation), start, this.properties.sendTimeout());
			// Untimed: the deadline checker fails it once send-timeout has passed.
			confirmation.get();
			this.meters.sent(message.endpoint(), System.nanoTime() - start);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw fail("interrupted", "interrupted while waiting for Kafka's confirmation");
		}
		catch (ExecutionException ex) {
			throw failed((ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (RuntimeException ex) {
			throw failed(ex);
		}
		finally {
			this.unconfirmedBytes.add(-handedOver);
			if (waiting != null) {
				this.deadlines.release(waiting);
			}
		}
		this.lastConfirmedNanos = System.nanoTime();
		this.state.sent();
	}

	/* Nothing is handed to the producer while the brokers are known to be unreachable. */
	private void refuseWhileUnavailable() {
		String unavailable = this.state.checkProblem();
		if (unavailable != null) {
			throw fail(KafkaFailures.UNAVAILABLE, "Kafka unavailable, not sent: " + unavailable);
		}
	}

	/** A record the broker did not confirm: what went wrong, and the same as counted and described for a log line. */
	record Failure(Throwable cause, KafkaSendException counted) {
	}

	/**
	 * Hands every record to the producer in this order and waits for each one's outcome, not only
	 * up to the first failure, so the caller learns which records the broker took.
	 * @return per message, in order: {@code null} once the broker confirmed it, else why not (counted)
	 * @throws KafkaSendException when the brokers are known to be unreachable (nothing was sent), or interrupted
	 */
	List<@Nullable Failure> sendEach(List<AcceptedMessage> messages) {
		refuseWhileUnavailable();
		long start = System.nanoTime();
		List<CompletableFuture<SendResult<byte[], byte[]>>> confirmations = new ArrayList<>(messages.size());
		ConfirmationDeadlines.Waiting waiting = null;
		long handedOver = 0;
		List<@Nullable Failure> outcomes = new ArrayList<>(messages.size());
		boolean anyConfirmed = false;
		Throwable refusedAll = null;
		try {
			for (AcceptedMessage message : messages) {
				if (refusedAll != null) {
					confirmations.add(CompletableFuture.failedFuture(refusedAll));
					continue;
				}
				ProducerRecord<byte[], byte[]> record = this.records.toRecord(message);
				long size = sizeOf(record);
				this.unconfirmedBytes.add(size);
				handedOver += size;
				CompletableFuture<SendResult<byte[], byte[]>> confirmation;
				try {
					confirmation = this.template.send(record);
				}
				catch (RuntimeException ex) {
					confirmation = CompletableFuture.failedFuture(ex);
				}
				confirmations.add(confirmation);
				// A record the producer refused at once (it fails the future before send returns) is,
				// unless that record is its own problem (too large), what the rest would meet too, each
				// after as long a wait: max.block.ms per record while the topic's metadata is missing.
				Throwable refused = refusalOf(confirmation);
				if (refused != null && !KafkaFailures.rejectsRecord(refused)) {
					refusedAll = refused;
				}
			}
			waiting = this.deadlines.register(confirmations, start, this.properties.sendTimeout());
			for (int i = 0; i < confirmations.size(); i++) {
				try {
					// Untimed: the deadline checker fails it once send-timeout has passed.
					confirmations.get(i).get();
					this.meters.sent(messages.get(i).endpoint(), System.nanoTime() - start);
					outcomes.add(null);
					anyConfirmed = true;
				}
				catch (ExecutionException ex) {
					Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
					outcomes.add(new Failure(cause, failed(cause)));
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw fail("interrupted", "interrupted while waiting for Kafka's confirmation");
		}
		finally {
			this.unconfirmedBytes.add(-handedOver);
			if (waiting != null) {
				this.deadlines.release(waiting);
			}
		}
		if (anyConfirmed) {
			this.lastConfirmedNanos = System.nanoTime();
		}
		// A record refused for good is that record's problem, not the brokers'.
		if (outcomes.stream().allMatch(outcome -> outcome == null || KafkaFailures.rejectsRecord(outcome.cause()))) {
			this.state.sent();
		}
		return outcomes;
	}

	/* Why the producer refused the record at once, or null if it took it (or has not answered yet). */
	private static @Nullable Throwable refusalOf(CompletableFuture<?> confirmation) {
		if (!confirmation.isCompletedExceptionally()) {
			return null;
		}
		try {
			confirmation.join();
			return null;
		}
		catch (CompletionException | CancellationException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
	}

	/**
	 * Hands the message's record to the producer and returns at once.
	 * @return completes once the broker confirmed the record, or exceptionally with a
	 * {@link KafkaSendException} (counted, as from {@link #send}) within {@code send-timeout}
	 * @throws KafkaSendException when the brokers are known to be unreachable, or the producer refused the record
	 */
	CompletableFuture<Void> sendLater(AcceptedMessage message) {
		refuseWhileUnavailable();
		long start = System.nanoTime();
		ProducerRecord<byte[], byte[]> record = this.records.toRecord(message);
		long size = sizeOf(record);
		this.unconfirmedBytes.add(size);
		CompletableFuture<SendResult<byte[], byte[]>> confirmation;
		try {
			confirmation = this.template.send(record);
		}
		catch (RuntimeException ex) {
			this.unconfirmedBytes.add(-size);
			throw failed(ex);
		}
		ConfirmationDeadlines.Waiting waiting = this.deadlines.register(List.of(confirmation), start,
				this.properties.sendTimeout());
		return confirmation.handle((result, failure) -> {
			this.deadlines.release(waiting);
			this.unconfirmedBytes.add(-size);
			if (failure != null) {
				throw failed((failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
						: failure);
			}
			this.meters.sent(message.endpoint(), System.nanoTime() - start);
			this.lastConfirmedNanos = System.nanoTime();
			this.state.sent();
			return null;
		});
	}

	/**
	 * Whether {@link #sendLater} would return without waiting: the producer waits when it has no
	 * metadata for the topic (none before the first confirmation, dropped after
	 * {@code metadata.max.idle.ms} unused) or no room in {@code buffer.memory}. So: a confirmation
	 * came recently, the brokers are not known to be down, and the records not yet confirmed take
	 * less than half the buffer.
	 */
	boolean sendsWithoutWaiting() {
		return System.nanoTime() - this.lastConfirmedNanos < this.metadataFreshNanos
				&& this.unconfirmedBytes.sum() < this.unconfirmedBytesLimit && this.state.checkProblem() == null;
	}

	private static long sizeOf(ProducerRecord<byte[], byte[]> record) {
		long size = record.value().length + ((record.key() != null) ? record.key().length : 0);
		for (Header header : record.headers()) {
			size += header.key().length() + ((header.value() != null) ? header.value().length : 0);
		}
		return size;
	}

	private KafkaSendException failed(Throwable cause) {
		if (cause instanceof KafkaSendException counted) {
			return counted;
		}
		if (cause instanceof TimeoutException) {
			return fail(KafkaFailures.TIMEOUT, "Kafka did not confirm within " + this.properties.sendTimeout());
		}
		return fail(KafkaFailures.reason(cause), "Kafka refused the record: " + KafkaFailures.describe(cause));
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

	/** A producer setting given as a number or as text, or {@code otherwise} when not given. */
	static long longOf(@Nullable Object value, long otherwise) {
		return (value == null) ? otherwise : Long.parseLong(String.valueOf(value));
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
