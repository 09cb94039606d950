package org.ackgate.relay;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.ackgate.forward.ForwardDestination;
import org.ackgate.journal.JournalRecord;

/**
 * The upstream as the {@code local} mode's destination: each record forwarded until acked; a
 * record a line upstream can never carry (it holds a line feed) is skipped, logged and counted.
 */
final class RelayDestination implements ForwardDestination {

	private static final Logger log = LoggerFactory.getLogger(RelayDestination.class);

	private final Relay relay;

	private final RelayProperties properties;

	private final RelayMeters meters;

	RelayDestination(Relay relay, RelayProperties properties, RelayMeters meters) {
		this.relay = relay;
		this.properties = properties;
		this.meters = meters;
	}

	@Override
	public String describe() {
		return "the upstream " + this.properties.upstream() + " ("
				+ this.properties.protocol().name().toLowerCase(java.util.Locale.ROOT) + ")";
	}

	@Override
	public void deliver(List<JournalRecord> records) {
		for (JournalRecord record : records) {
			if (!this.relay.canCarry(record.payload())) {
				log.error("Relay skipped the record at journal offset {} from {} ({}): a line upstream cannot carry "
						+ "a message holding a line feed", record.offset(), record.peer(), record.endpoint());
				this.meters.rejected();
				continue;
			}
			this.relay.forward(record.payload());
		}
	}

}
