package org.ackgate.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import org.ackgate.journal.Journal;
import org.ackgate.journal.JournalReader;
import org.ackgate.journal.JournalRecord;
import org.ackgate.journal.JournalStorage;

/**
 * {@code ack-mode: local}: one thread reads the journal from the persisted cursor in journal
 * order and forwards each record until the upstream acks it, retrying the same record with a
 * backoff that doubles up to its maximum, so the upstream sees every message in order (and so
 * in order per source connection). The cursor is persisted at most every 100 ms while records
 * flow, whenever the journal has nothing more, and on stop; after a crash the records forwarded
 * since the last persisted cursor are forwarded again — the only duplicates. Retention never
 * deletes a segment at or after the persisted cursor.
 */
final class JournalForwarder implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JournalForwarder.class);

	static final Duration CURSOR_PERIOD = Duration.ofMillis(100);

	private static final Duration IDLE_POLL = Duration.ofMillis(20);

	private final Journal journal;

	private final Relay relay;

	private final RelayProperties properties;

	private final RelayMeters meters;

	private final RelayCursor cursor;

	/** The offset of the first record the upstream has not acked. */
	private volatile long forwardedTo;

	private volatile long persisted;

	private volatile boolean running;

	private Thread thread;

	JournalForwarder(Journal journal, Relay relay, RelayProperties properties, RelayMeters meters) {
		this.journal = journal;
		this.relay = relay;
		this.properties = properties;
		this.meters = meters;
		this.cursor = new RelayCursor(journal.settings().directory());
		long offset;
		try {
			offset = this.cursor.read();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("relay cursor unreadable: " + ex.getMessage(), ex);
		}
		long committed = journal.committedOffset();
		if (offset > committed) {
			log.warn("Relay cursor {} is past the journal's end {} (records lost to an OS crash under fsync "
					+ "interval or none); forwarding from the end", offset, committed);
			offset = committed;
		}
		this.forwardedTo = Math.max(offset, journal.firstOffset());
		this.persisted = this.forwardedTo;
		journal.keepFrom("the relay", () -> this.persisted);
		meters.backlog(() -> Math.max(0, this.journal.committedOffset() - this.forwardedTo));
	}

	/** The journal bytes not yet acked by the upstream. */
	long backlog() {
		return Math.max(0, this.journal.committedOffset() - this.forwardedTo);
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.thread = new Thread(this::forwardAll, "relay-forwarder");
		this.thread.setDaemon(true);
		this.thread.start();
		log.info("Relay forwarding the journal to {} ({}) from offset {}", this.properties.upstream(),
				this.properties.protocol().name().toLowerCase(java.util.Locale.ROOT), this.forwardedTo);
	}

	private void forwardAll() {
		long lastPersisted = System.nanoTime();
		try (JournalReader reader = new JournalReader(this.journal.settings().directory(), JournalStorage.FILES,
				this.forwardedTo)) {
			while (this.running) {
				JournalRecord record = reader.next(this.journal.committedOffset());
				if (record == null) {
					this.forwardedTo = Math.max(this.forwardedTo, reader.offset());
					if (this.persisted != this.forwardedTo) {
						persist();
						lastPersisted = System.nanoTime();
					}
					TimeUnit.NANOSECONDS.sleep(IDLE_POLL.toNanos());
					continue;
				}
				if (!deliver(record)) {
					break;
				}
				this.forwardedTo = record.nextOffset();
				if (System.nanoTime() - lastPersisted > CURSOR_PERIOD.toNanos()) {
					persist();
					lastPersisted = System.nanoTime();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException | RuntimeException ex) {
			log.error("Relay stopped forwarding at journal offset {}: {}", this.forwardedTo, ex.getMessage(), ex);
		}
		finally {
			// Stopping interrupts this thread, and an interrupted thread cannot write the file.
			boolean interrupted = Thread.interrupted();
			persist();
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Forwards one record until the upstream acks it; {@code false} when stopped first. */
	private boolean deliver(JournalRecord record) throws InterruptedException {
		if (!this.relay.canCarry(record.payload())) {
			log.error("Relay skipped the record at journal offset {} from {} ({}): a line upstream cannot carry "
					+ "a message holding a line feed", record.offset(), record.peer(), record.endpoint());
			this.meters.rejected();
			return true;
		}
		long backoff = this.properties.retry().initialBackoff().toNanos();
		boolean failing = false;
		while (this.running) {
			try {
				this.relay.forward(record.payload());
				if (failing) {
					log.info("Relay: {} acks again; forwarding from journal offset {}", this.properties.upstream(),
							record.offset());
				}
				return true;
			}
			catch (RelayException ex) {
				this.meters.retry();
				if (!failing) {
					log.warn("{}; retrying journal offset {} with backoff up to {} (messages are still acked "
							+ "and journaled)", ex.getMessage(), record.offset(), this.properties.retry().maxBackoff());
					failing = true;
				}
				TimeUnit.NANOSECONDS.sleep(backoff);
				backoff = Math.min(backoff * 2, this.properties.retry().maxBackoff().toNanos());
			}
		}
		return false;
	}

	private void persist() {
		long offset = this.forwardedTo;
		try {
			this.cursor.write(offset);
			this.persisted = offset;
			if (this.journal.refusal() != null) {
				this.journal.applyRetention();
			}
		}
		catch (IOException ex) {
			log.warn("Relay could not persist its cursor {} in {}: {}", offset, this.cursor.file(), ex.toString());
		}
	}

	@Override
	public void stop() {
		Thread forwarding;
		synchronized (this) {
			this.running = false;
			forwarding = this.thread;
		}
		if (forwarding != null) {
			forwarding.interrupt();
			try {
				forwarding.join(this.properties.replyTimeout().toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops right after the TCP drain, before the relay's gateway and connections stop. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1;
	}

}
