package org.ackgate.forward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import org.ackgate.journal.Journal;
import org.ackgate.journal.JournalReader;
import org.ackgate.journal.JournalRecord;
import org.ackgate.journal.JournalStorage;

/**
 * A {@code local} ack mode's forwarder: one thread reads the journal from the persisted cursor in
 * journal order and delivers the records to its destination in batches of at most
 * {@code batch-size}, the same batch again after a backoff that doubles up to its maximum until
 * the destination confirms it, so the destination sees every message, in journal order (and so in
 * order per source connection). The cursor is persisted at most every 100 ms while records flow,
 * whenever the journal has nothing more, and on stop; after a crash the records delivered since
 * the last persisted cursor are delivered again, and a batch that failed part-way is delivered
 * again whole: the only duplicates. Retention never deletes a segment at or after the persisted
 * cursor. A journal read that fails (a transient EIO, EMFILE, a record that does not check) is tried
 * again with the same backoff from the first record not confirmed; should the thread end anyway (an
 * {@link Error}), {@link #stopped()} says why, and the destination's health member reports it.
 */
public final class JournalForwarder implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JournalForwarder.class);

	static final Duration CURSOR_PERIOD = Duration.ofMillis(100);

	private static final Duration IDLE_POLL = Duration.ofMillis(20);

	private final Journal journal;

	private final ForwardDestination destination;

	private final ForwardSettings settings;

	private final Runnable onRetry;

	private final ForwardCursor cursor;

	/** The offset of the first record the destination has not confirmed. */
	private volatile long forwardedTo;

	private volatile long persisted;

	private final JournalStorage storage;

	private volatile boolean running;

	/** Why the forwarding thread ended while it should have gone on; {@code null} while it runs. */
	private volatile @Nullable String stopped;

	/** The last failed journal read while reads keep failing; only the forwarding thread uses it. */
	private @Nullable String readFailure;

	private Thread thread;

	/** @param onRetry called on each failed delivery (a retry counter) */
	public JournalForwarder(Journal journal, ForwardDestination destination, ForwardSettings settings,
			Runnable onRetry) {
		this(journal, destination, settings, onRetry, JournalStorage.FILES);
	}

	/** @param storage how the journal is read: in tests, one that fails on demand */
	JournalForwarder(Journal journal, ForwardDestination destination, ForwardSettings settings, Runnable onRetry,
			JournalStorage storage) {
		this.journal = journal;
		this.storage = storage;
		this.destination = destination;
		this.settings = settings;
		this.onRetry = onRetry;
		this.cursor = new ForwardCursor(journal.settings().directory(), settings.name());
		long offset;
		try {
			offset = this.cursor.read();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(settings.name() + " cursor unreadable: " + ex.getMessage(), ex);
		}
		long committed = journal.committedOffset();
		if (offset > committed) {
			log.warn("{} cursor {} is past the journal's end {} (records lost to an OS crash under fsync interval "
					+ "or none); forwarding from the end", settings.name(), offset, committed);
			offset = committed;
		}
		long first = journal.firstOffset();
		if (offset < first) {
			// Retention never deletes what the cursor holds, so someone or something else did (an operator,
			// or this forwarder switched off while retention went on): those records are never forwarded.
			log.warn("{} cursor {} is before the journal's oldest segment at {}: journal offsets {} to {} are gone and "
					+ "are not forwarded; forwarding from {}", settings.name(), offset, first, offset, first, first);
		}
		this.forwardedTo = Math.max(offset, first);
		this.persisted = this.forwardedTo;
		journal.keepFrom(settings.holder(), () -> this.persisted);
	}

	/** The journal bytes the destination has not confirmed yet. */
	public long backlogBytes() {
		return Math.max(0, this.journal.committedOffset() - this.forwardedTo);
	}

	/** Where forwarding starts (or started): the first record not confirmed. */
	public long startOffset() {
		return this.persisted;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.thread = new Thread(this::forwardAll, this.settings.name() + "-forwarder");
		this.thread.setDaemon(true);
		this.thread.start();
		log.info("Forwarding the journal to {} from offset {}", this.destination.describe(), this.forwardedTo);
	}

	/**
	 * Why forwarding ended although nobody stopped it, or {@code null} while it goes on (or was
	 * stopped): the journal then grows until it refuses appends, so health must say so.
	 */
	public @Nullable String stopped() {
		return this.stopped;
	}

	private void forwardAll() {
		try {
			readAndDeliver();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Throwable ex) {
			if (this.running) {
				this.stopped = "forwarding to " + this.destination.describe() + " stopped at journal offset "
						+ this.forwardedTo + ": " + ex;
				log.error("Stopped forwarding the journal to {} at offset {}; nothing more is forwarded until a restart",
						this.destination.describe(), this.forwardedTo, ex);
			}
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

	/**
	 * Reads from the first record not confirmed and delivers until stopped. A failed read ends the
	 * reader; a new one starts from the first record not confirmed after the backoff, so nothing read
	 * but not delivered is lost, and a record that stays unreadable costs one try (and one log line)
	 * per backoff step, not a busy loop.
	 */
	private void readAndDeliver() throws InterruptedException {
		long backoff = this.settings.initialBackoff().toNanos();
		while (this.running) {
			try {
				readFrom(this.forwardedTo);
				return;
			}
			catch (IOException | RuntimeException ex) {
				if (this.readFailure == null) {
					backoff = this.settings.initialBackoff().toNanos();
					log.warn("Reading the journal for {} failed at offset {}; trying again from there with backoff up "
							+ "to {} (messages are still acked and journaled)", this.destination.describe(),
							this.forwardedTo, this.settings.maxBackoff(), ex);
				}
				else {
					log.warn("Reading the journal for {} failed again at offset {}: {}", this.destination.describe(),
							this.forwardedTo, ex.toString());
				}
				this.readFailure = ex.toString();
				TimeUnit.NANOSECONDS.sleep(backoff);
				backoff = Math.min(backoff * 2, this.settings.maxBackoff().toNanos());
			}
		}
	}

	private void readFrom(long from) throws IOException, InterruptedException {
		long lastPersisted = System.nanoTime();
		List<JournalRecord> batch = new ArrayList<>(this.settings.batchSize());
		try (JournalReader reader = new JournalReader(this.journal.settings().directory(), this.storage, from)) {
			while (this.running) {
				batch.clear();
				Exception failedAfter = null;
				try {
					JournalRecord record;
					while (batch.size() < this.settings.batchSize()
							&& (record = reader.next(this.journal.committedOffset())) != null) {
						batch.add(record);
					}
				}
				catch (IOException | RuntimeException ex) {
					if (batch.isEmpty()) {
						throw ex;
					}
					// The records read before the failure are delivered first: a record that stays
					// unreadable must not hold back those before it.
					failedAfter = ex;
				}
				if (this.readFailure != null && (!batch.isEmpty() || failedAfter == null)) {
					log.info("Reading the journal for {} works again at offset {}", this.destination.describe(), from);
					this.readFailure = null;
				}
				if (batch.isEmpty()) {
					this.forwardedTo = Math.max(this.forwardedTo, reader.offset());
					if (this.persisted != this.forwardedTo) {
						persist();
						lastPersisted = System.nanoTime();
					}
					TimeUnit.NANOSECONDS.sleep(IDLE_POLL.toNanos());
					continue;
				}
				if (!deliver(batch)) {
					return;
				}
				this.forwardedTo = batch.get(batch.size() - 1).nextOffset();
				if (System.nanoTime() - lastPersisted > CURSOR_PERIOD.toNanos()) {
					persist();
					lastPersisted = System.nanoTime();
				}
				if (failedAfter instanceof IOException io) {
					throw io;
				}
				if (failedAfter != null) {
					throw (RuntimeException) failedAfter;
				}
			}
		}
	}

	/** Delivers one batch until the destination confirms it; {@code false} when stopped first. */
	private boolean deliver(List<JournalRecord> batch) throws InterruptedException {
		long backoff = this.settings.initialBackoff().toNanos();
		boolean failing = false;
		while (this.running) {
			try {
				this.destination.deliver(batch);
				if (failing) {
					log.info("{} takes records again; forwarding from journal offset {}", this.destination.describe(),
							batch.get(0).offset());
				}
				return true;
			}
			catch (RuntimeException ex) {
				this.onRetry.run();
				if (!failing) {
					log.warn("{}; retrying from journal offset {} with backoff up to {} (messages are still acked "
							+ "and journaled)", ex.getMessage(), batch.get(0).offset(), this.settings.maxBackoff());
					failing = true;
				}
				TimeUnit.NANOSECONDS.sleep(backoff);
				backoff = Math.min(backoff * 2, this.settings.maxBackoff().toNanos());
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
			log.warn("Could not persist the {} cursor {} in {}: {}", this.settings.name(), offset, this.cursor.file(),
					ex.toString());
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
				forwarding.join(this.settings.stopTimeout().toMillis() + 1000);
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

	/** Stops right after the TCP drain, before the destination's own connections stop. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1;
	}

}
