package org.ackgate.forward;

import java.util.List;

import org.ackgate.journal.JournalRecord;

/** Where a {@link JournalForwarder} delivers journal records. */
public interface ForwardDestination {

	/** Names the destination in log lines, "the upstream 10.0.0.7:8080" for example. */
	String describe();

	/**
	 * Delivers these records, in this order, returning once the destination confirmed all of them
	 * (or chose to skip one it can never carry, logged and counted by itself).
	 * @throws RuntimeException when not all were confirmed; its message says why, and the whole
	 * batch is delivered again after a backoff
	 */
	void deliver(List<JournalRecord> records);

}
