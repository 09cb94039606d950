package org.ackgate.kafka;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.ackgate.forward.ForwardDestination;
import org.ackgate.journal.JournalRecord;
import org.ackgate.messages.AcceptedMessage;

/**
 * Kafka as the {@code local} mode's destination: a batch of journal records sent at once, the
 * producer batching them, returned once the broker confirmed every one. The journal keeps no
 * connection id, so a journaled record's connection is its endpoint and peer ({@code line/10.0.0.7:51234}):
 * the same TCP connection as long as it is open.
 * <p>
 * A record Kafka refuses for good ({@link KafkaFailures#rejectsRecord}: too large, invalid) is
 * skipped, logged at ERROR with its journal offset and size, and counted
 * ({@code ackgate_kafka_rejected_total}); retrying it would hold back every later record forever
 * and send its batch's good records again after every backoff. When a batch fails for another
 * reason, the forwarder offers it again whole: the records up to the first one not confirmed, which
 * the broker already has, are not sent again (nor are the records known to be refused), so the
 * copies that remain are the run from that record on, in order.
 */
final class KafkaDestination implements ForwardDestination {

	private static final Logger log = LoggerFactory.getLogger(KafkaDestination.class);

	private final KafkaSender sender;

	private final KafkaBacklog backlog;

	private final KafkaMeters meters;

	private final String description;

	/** The journal offset up to which every record was confirmed or skipped; only the forwarding thread uses it. */
	private long doneTo = -1;

	/** Records at or past {@link #doneTo} that Kafka refused for good: never offered again. */
	private final Set<Long> refused = new HashSet<>();

	KafkaDestination(KafkaSender sender, KafkaBacklog backlog, KafkaMeters meters, String topic, String brokers) {
		this.sender = sender;
		this.backlog = backlog;
		this.meters = meters;
		this.description = "Kafka topic " + topic + " on " + brokers;
	}

	@Override
	public String describe() {
		return this.description;
	}

	@Override
	public void deliver(List<JournalRecord> records) {
		List<JournalRecord> sending = new ArrayList<>(records.size());
		for (JournalRecord record : records) {
			if (record.offset() >= this.doneTo && !this.refused.contains(record.offset())) {
				sending.add(record);
			}
		}
		List<KafkaSender.@Nullable Failure> outcomes = sending.isEmpty() ? List.of() : this.sender.sendEach(
				sending.stream().map(KafkaDestination::accepted).toList());
		Set<Long> confirmed = new HashSet<>();
		KafkaSender.Failure retry = null;
		long retryAt = Long.MAX_VALUE;
		for (int i = 0; i < sending.size(); i++) {
			JournalRecord record = sending.get(i);
			KafkaSender.Failure failure = outcomes.get(i);
			if (failure == null) {
				confirmed.add(record.offset());
			}
			else if (KafkaFailures.rejectsRecord(failure.cause())) {
				if (this.refused.add(record.offset())) {
					log.error("Kafka refused the journal record at offset {} ({} bytes, from {} on {}) for good; skipped, "
							+ "it never reaches {}: {}", record.offset(), record.payload().length, record.peer(),
							record.endpoint(), this.description, KafkaFailures.describe(failure.cause()));
					this.meters.rejected();
				}
			}
			else if (retry == null) {
				retry = failure;
				retryAt = record.offset();
			}
		}
		int done = 0;
		for (JournalRecord record : records) {
			if (record.offset() < this.doneTo) {
				continue;
			}
			if (record.offset() >= retryAt || !(confirmed.contains(record.offset())
					|| this.refused.remove(record.offset()))) {
				break;
			}
			this.doneTo = record.nextOffset();
			done++;
		}
		this.backlog.confirmed(done);
		if (retry != null) {
			throw retry.counted();
		}
	}

	static AcceptedMessage accepted(JournalRecord record) {
		return new AcceptedMessage(record.endpoint(), record.endpoint() + "/" + record.peer(), record.peer(),
				record.receivedAt(), record.payload());
	}

}
