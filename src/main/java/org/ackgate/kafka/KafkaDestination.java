package org.ackgate.kafka;

import java.util.ArrayList;
import java.util.List;

import org.ackgate.forward.ForwardDestination;
import org.ackgate.journal.JournalRecord;
import org.ackgate.messages.AcceptedMessage;

/**
 * Kafka as the {@code local} mode's destination: a batch of journal records sent at once, the
 * producer batching them, returned once the broker confirmed every one. The journal keeps no
 * connection id, so a journaled record's connection is its endpoint and peer ({@code line/10.0.0.7:51234}):
 * the same TCP connection as long as it is open.
 */
final class KafkaDestination implements ForwardDestination {

	private final KafkaSender sender;

	private final KafkaBacklog backlog;

	private final String description;

	KafkaDestination(KafkaSender sender, KafkaBacklog backlog, String topic, String brokers) {
		this.sender = sender;
		this.backlog = backlog;
		this.description = "Kafka topic " + topic + " on " + brokers;
	}

	@Override
	public String describe() {
		return this.description;
	}

	@Override
	public void deliver(List<JournalRecord> records) {
		List<AcceptedMessage> messages = new ArrayList<>(records.size());
		for (JournalRecord record : records) {
			messages.add(accepted(record));
		}
		this.sender.sendAll(messages);
		this.backlog.confirmed(records.size());
	}

	static AcceptedMessage accepted(JournalRecord record) {
		return new AcceptedMessage(record.endpoint(), record.endpoint() + "/" + record.peer(), record.peer(),
				record.receivedAt(), record.payload());
	}

}
