package org.ackgate.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.ackgate.journal.Journal;
import org.ackgate.journal.JournalEvents;
import org.ackgate.journal.JournalReader;
import org.ackgate.journal.JournalStorage;

/**
 * The {@code local} mode's backlog in records: those journaled before startup and not forwarded
 * (counted once, at startup), plus those journaled since, minus those the broker confirmed since.
 * The journal reports its writes here; the journal itself counts bytes, not records.
 */
final class KafkaBacklog implements JournalEvents {

	private final LongAdder journaled = new LongAdder();

	private final AtomicLong confirmed = new AtomicLong();

	private volatile long atStartup;

	@Override
	public void written(int records, long bytes, boolean forced) {
		this.journaled.add(records);
	}

	/** Counts the records the journal holds from {@code offset} on, those not forwarded before startup. */
	void countFrom(Journal journal, long offset) {
		long records = 0;
		try (JournalReader reader = new JournalReader(journal.settings().directory(), JournalStorage.FILES, offset)) {
			long end = journal.committedOffset();
			while (reader.next(end) != null) {
				records++;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Kafka backlog: journal unreadable: " + ex.getMessage(), ex);
		}
		this.atStartup = records;
	}

	void confirmed(int records) {
		this.confirmed.addAndGet(records);
	}

	long records() {
		return Math.max(0, this.atStartup + this.journaled.sum() - this.confirmed.get());
	}

}
