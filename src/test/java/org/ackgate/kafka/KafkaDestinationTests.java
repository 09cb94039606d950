package org.ackgate.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.mock.MockProducerFactory;

import org.ackgate.journal.JournalRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code local} mode's destination on Kafka's MockProducer: a "broker" thread answers each
 * record as the test says, so a refusal for good and a passing failure can be told apart without brokers.
 */
@ExtendWith(OutputCaptureExtension.class)
class KafkaDestinationTests {

	private static final Instant RECEIVED = Instant.parse("2026-12-06T01:00:00Z");

	/** KafkaTemplate closes a producer of a factory that is not Spring's own after a send; this one stays open. */
	private final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
			new ByteArraySerializer()) {

		/* As KafkaProducer answers a failure it sees before sending (no metadata for the topic): the callback, then a failed future. */
		@Override
		public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
			KafkaDestinationTests.this.sendCalls.incrementAndGet();
			RuntimeException refusal = KafkaDestinationTests.this.refuseEvery;
			if (refusal == null) {
				Future<RecordMetadata> sent = super.send(record, callback);
				KafkaDestinationTests.this.toAnswer.add(new String(record.value(), StandardCharsets.UTF_8));
				return sent;
			}
			if (callback != null) {
				callback.onCompletion(null, refusal);
			}
			return CompletableFuture.failedFuture(refusal);
		}

		@Override
		public void close() {
		}

		@Override
		public void close(Duration timeout) {
		}

	};

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final KafkaBacklog backlog = new KafkaBacklog();

	private final KafkaBrokerState state = new KafkaBrokerState();

	/** Payloads the "broker" fails once (then takes), by payload. */
	private final Set<String> failOnce = ConcurrentHashMap.newKeySet();

	private volatile boolean answering = true;

	/** The payloads sent and not yet answered, in the order the producer took them. */
	private final BlockingQueue<String> toAnswer = new LinkedBlockingQueue<>();

	/** What the producer answers every send with at once, while set. */
	private volatile RuntimeException refuseEvery;

	private final AtomicInteger sendCalls = new AtomicInteger();

	/**
	 * The "broker" answers nothing until this many records were handed to the producer. A failure
	 * answered while the sender is still handing a batch over looks like one the producer gave at once,
	 * which stops the hand-over; a test of the broker's answers holds them until the batch is in.
	 */
	private volatile int answerOnceSent;

	private final Thread broker;

	private final KafkaSender sender;

	private final KafkaDestination destination;

	KafkaDestinationTests() {
		KafkaProperties properties = new KafkaProperties(true, "t", KafkaKey.CONNECTION, KafkaAckMode.LOCAL,
				Duration.ofSeconds(5), true, 1, -1, Duration.ofSeconds(5),
				new KafkaProperties.Forward(500, Duration.ofMillis(10), Duration.ofMillis(100)));
		ProducerFactory<byte[], byte[]> producers = new MockProducerFactory<>(() -> this.producer) {

			@Override
			public Map<String, Object> getConfigurationProperties() {
				return Map.of();
			}

		};
		KafkaMeters meters = new KafkaMeters(this.registry);
		this.sender = new KafkaSender(new KafkaTemplate<>(producers), producers, properties, "b:9092", meters, this.state);
		this.state.checked(null);
		this.destination = new KafkaDestination(this.sender, this.backlog, meters, "t", "b:9092");
		this.broker = new Thread(this::answer, "mock-broker");
		this.broker.setDaemon(true);
		this.broker.start();
	}

	/** Answers the records in the order they came: "too large …" is too large, "invalid …" invalid, the rest taken. */
	private void answer() {
		while (this.answering) {
			String payload;
			try {
				// Bounded, so that the thread notices the end of the test.
				payload = this.toAnswer.poll(100, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				return;
			}
			if (payload == null) {
				continue;
			}
			try {
				Awaitility.await("the batch handed over").atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(1))
					.until(() -> this.sendCalls.get() >= this.answerOnceSent);
			}
			catch (ConditionTimeoutException ex) {
				// The test's own assertion reports what was not sent; an answer is still due.
			}
			if (payload.startsWith("too large")) {
				this.producer.errorNext(new RecordTooLargeException("The message is 2097152 bytes when serialized "
						+ "which is larger than 1048576, the value of the max.request.size configuration."));
			}
			else if (payload.startsWith("invalid")) {
				this.producer.errorNext(new InvalidRecordException("compacted topic cannot accept message without key"));
			}
			else if (this.failOnce.remove(payload)) {
				this.producer.errorNext(new NotEnoughReplicasException("not enough in-sync replicas"));
			}
			else {
				this.producer.completeNext();
			}
		}
	}

	@AfterEach
	void stopBroker() throws InterruptedException {
		this.answering = false;
		this.broker.join(5000);
		this.sender.close();
	}

	private static List<JournalRecord> records(String... payloads) {
		List<JournalRecord> records = new ArrayList<>();
		long offset = 1000;
		for (String payload : payloads) {
			byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
			records.add(new JournalRecord(offset, offset + 100, RECEIVED, "line", "10.0.0.7:51234", bytes));
			offset += 100;
		}
		return records;
	}

	private List<String> sent() {
		return this.producer.history().stream().map(record -> new String(record.value(), StandardCharsets.UTF_8)).toList();
	}

	private double count(String name, Function<io.micrometer.core.instrument.search.Search, io.micrometer.core.instrument.search.Search> tags) {
		return tags.apply(this.registry.find(name)).counter().count();
	}

	@Test
	void aRecordKafkaRefusesForGoodIsSkippedLoggedAndCountedAndTheOthersAreDeliveredOnce(CapturedOutput output) {
		assertThat(this.registry.find("ackgate.kafka.rejected").counter().count()).as("registered at 0").isZero();
		List<JournalRecord> records = records("one", "two", "too large (2 MiB)", "three", "invalid", "four");
		this.destination.deliver(records);
		assertThat(sent()).containsExactly("one", "two", "too large (2 MiB)", "three", "invalid", "four");
		assertThat(count("ackgate.kafka.rejected", search -> search)).isEqualTo(2);
		assertThat(count("ackgate.kafka.send.failures", search -> search.tag("reason", "too_large"))).isEqualTo(1);
		assertThat(output).contains("Kafka refused the journal record at offset 1200 (17 bytes, from 10.0.0.7:51234 on "
				+ "line) for good; skipped, it never reaches Kafka topic t on b:9092: RecordTooLargeException")
			.contains("offset 1400 (7 bytes");
		assertThat(this.state.problem()).as("a refused record says nothing about the brokers").isNull();
		// Offered again (as after a later failure), nothing is sent twice and nothing counted twice.
		this.destination.deliver(records);
		assertThat(sent()).hasSize(6);
		assertThat(count("ackgate.kafka.rejected", search -> search)).isEqualTo(2);
	}

	/* Each send would wait max.block.ms (60 s by default) for the topic's metadata before failing so. */
	@Test
	void aProducerThatRefusesARecordAtOnceIsNotHandedTheRestOfTheBatch() {
		this.refuseEvery = new org.apache.kafka.common.errors.TimeoutException(
				"Topic t not present in metadata after 3000 ms.");
		List<JournalRecord> records = records("one", "two", "three");
		assertThatExceptionOfType(KafkaSendException.class).isThrownBy(() -> this.destination.deliver(records));
		assertThat(this.sendCalls).as("records handed to the producer").hasValue(1);
		assertThat(count("ackgate.kafka.rejected", search -> search)).isZero();
		this.refuseEvery = null;
		this.destination.deliver(records);
		assertThat(sent()).containsExactly("one", "two", "three");
	}

	@Test
	void aBatchThatFailsPartWayIsSentAgainFromItsFirstUnconfirmedRecordOnly() {
		this.failOnce.add("three");
		this.answerOnceSent = 5;
		List<JournalRecord> records = records("one", "too large", "two", "three", "four");
		assertThatExceptionOfType(KafkaSendException.class).isThrownBy(() -> this.destination.deliver(records))
			.withMessageContaining("NotEnoughReplicasException");
		assertThat(sent()).containsExactly("one", "too large", "two", "three", "four");
		this.answerOnceSent = 7;
		this.destination.deliver(records);
		assertThat(sent()).as("the confirmed run before the failure and the refused record are not sent again")
			.containsExactly("one", "too large", "two", "three", "four", "three", "four");
		assertThat(count("ackgate.kafka.rejected", search -> search)).isEqualTo(1);
	}

}
