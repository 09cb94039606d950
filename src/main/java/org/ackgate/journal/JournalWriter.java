package org.ackgate.journal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to the {@link SegmentLog} in batches (group commit): each append queues its record
 * and waits; one writer thread takes everything queued, writes it in one system call and, for
 * {@link FsyncPolicy#ALWAYS}, forces it once, then releases all those callers. It also keeps the
 * failure state: after a failed write, what it left is cut, appends fail until a write or a
 * {@link #probe() probe} succeeds; after a failed interval force, until a probe has forced again.
 * An {@link Error} fails its batch like an I/O error; only if the thread itself cannot go on do
 * all appends fail for good.
 * <p>
 * Locking: one lock, {@link #lock}, guards the segment log. The writer thread holds it for each
 * batch; {@link #exclusive} runs everything else that touches the segments (probe, interval force,
 * retention, close) between batches. It is reentrant, so retention after a roll runs inside the
 * batch's hold. Fields read without it are volatile and written under it, except by a writer
 * thread that is stopping for good.
 */
final class JournalWriter {

	private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);

	/** Records written together at most; more wait for the next batch. */
	private static final int MAX_BATCH = 4096;

	private static final Duration WRITER_STOP = Duration.ofSeconds(10);

	/** What a probe writes past the end (and cuts off again) to see whether the disk takes data. */
	private static final int PROBE_BYTES = 64 * 1024;

	private final SegmentLog segments;

	private final FsyncPolicy fsync;

	private final JournalEvents events;

	/** Called under the lock after a batch sealed a segment. */
	private final Runnable afterRoll;

	private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Thread thread = new Thread(this::writeQueued, "journal-writer");

	private volatile boolean closed;

	/** Written since the last force ({@link FsyncPolicy#INTERVAL} and {@link FsyncPolicy#NONE}). */
	private volatile boolean dirty;

	private volatile @Nullable String failure;

	/*
	 * A timed force (interval policy) failed. Linux reports a failed writeback once and may drop
	 * the pages, so the next force "succeeding" proves nothing, and a write succeeding without a
	 * force proves even less: appends stay refused until a probe has written and forced again.
	 */
	private volatile boolean forceFailed;

	/* The writer thread ended on an error it could not recover from: nothing will be written again. */
	private volatile boolean stopped;

	JournalWriter(SegmentLog segments, FsyncPolicy fsync, JournalEvents events, Runnable afterRoll) {
		this.segments = segments;
		this.fsync = fsync;
		this.events = events;
		this.afterRoll = afterRoll;
	}

	void start() {
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Queues one encoded record and waits until it is written (and forced, as the policy says). */
	void append(byte[] record) {
		if (this.closed) {
			throw closedException();
		}
		Pending pending = new Pending(record);
		this.queue.add(pending);
		if (this.closed && this.queue.remove(pending)) {
			throw closedException();
		}
		try {
			pending.done.join();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new JournalAppendException("journal append failed: " + describe(cause), cause);
		}
	}

	private JournalAppendException closedException() {
		String failure = this.failure;
		return new JournalAppendException("journal append failed: "
				+ ((this.stopped && failure != null) ? failure : "the journal is closed"));
	}

	/** The writer thread: takes whatever is queued, writes and forces it as one batch, releases its callers. */
	private void writeQueued() {
		List<Pending> batch = new ArrayList<>();
		try {
			while (true) {
				try {
					batch.add(this.queue.take());
				}
				catch (InterruptedException ex) {
					break;
				}
				this.queue.drainTo(batch, MAX_BATCH - 1);
				boolean stop = batch.remove(Pending.STOP);
				Throwable error;
				try {
					error = batch.isEmpty() ? null : exclusive(() -> writeBatch(batch));
				}
				catch (Throwable ex) {
					// An Error (out of memory, or thrown by a listener) must not end this thread with
					// the batch's callers waiting for ever: they get the error, readiness the reason.
					error = ex;
					failedOnError(ex);
				}
				for (Pending pending : batch) {
					if (error != null) {
						pending.done.completeExceptionally(error);
					}
					else {
						pending.done.complete(null);
					}
				}
				batch.clear();
				if (stop) {
					break;
				}
			}
		}
		catch (Throwable ex) {
			stopForGood(ex, batch);
		}
	}

	private void failedOnError(Throwable ex) {
		try {
			exclusive(() -> {
				failed(ex);
				return null;
			});
		}
		catch (Throwable reportFailed) {
			// A listener that fails again must not take the writer down: the reason is what counts.
			ex.addSuppressed(reportFailed);
			this.failure = describe(ex);
		}
	}

	/*
	 * The thread cannot go on (handling an error failed too): without it no append would ever
	 * complete, so fail them all now and for good, and keep readiness DOWN with the reason. Each
	 * step may fail again (out of memory), so the callers are released before anything is reported.
	 */
	private void stopForGood(Throwable ex, List<Pending> batch) {
		String reason = "the journal writer stopped: " + ex.getClass().getName();
		try {
			reason = "the journal writer stopped: " + describe(ex);
		}
		catch (Throwable describeFailed) {
			// The class name has to do.
		}
		this.failure = reason;
		this.stopped = true;
		this.closed = true;
		for (Pending pending : batch) {
			pending.done.completeExceptionally(ex);
		}
		Pending left;
		while ((left = this.queue.poll()) != null) {
			left.done.completeExceptionally(ex);
		}
		try {
			log.error("Journal writer stopped; no message is acked until the service restarts: {}", reason, ex);
			this.events.failed(reason);
		}
		catch (Throwable reportFailed) {
			// Nothing more can be done: the failure is set and every caller released.
		}
	}

	/** Writes the batch and forces it as the policy says; the error, or null. */
	private @Nullable Exception writeBatch(List<Pending> batch) {
		boolean force = this.fsync == FsyncPolicy.ALWAYS;
		List<byte[]> records = new ArrayList<>(batch.size());
		long bytes = 0;
		for (Pending pending : batch) {
			records.add(pending.record);
			bytes += pending.record.length;
		}
		try {
			if (this.forceFailed) {
				throw new IOException(this.failure);
			}
			int sealed = this.segments.write(records);
			for (int i = 0; i < sealed && this.fsync != FsyncPolicy.NONE; i++) {
				this.events.forced();
			}
			this.segments.commit(force);
			if (!force) {
				this.dirty = true;
			}
			this.events.written(batch.size(), bytes, force);
			succeeded();
			if (sealed > 0) {
				this.afterRoll.run();
			}
			return null;
		}
		catch (IOException | RuntimeException ex) {
			failed(ex);
			return ex;
		}
	}

	private void failed(Throwable ex) {
		failed(ex, describe(ex));
	}

	private void failed(Throwable ex, String reason) {
		this.segments.markForRepair();
		try {
			this.segments.repairIfNeeded();
		}
		catch (IOException | RuntimeException repairFailed) {
			ex.addSuppressed(repairFailed);
		}
		boolean first = this.failure == null;
		this.failure = reason;
		if (first) {
			log.error("Journal append failed; messages get no ack until appends succeed again: {}", reason, ex);
		}
		this.events.failed(reason);
	}

	private void succeeded() {
		if (this.failure != null) {
			this.failure = null;
			log.info("Journal appends succeed again");
			this.events.recovered();
		}
	}

	static String describe(Throwable ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	/** Why appends fail now, or {@code null} when the last one succeeded. */
	@Nullable String failure() {
		return this.failure;
	}

	/**
	 * While appends fail, checks whether the disk takes data again: cuts any partial write, writes
	 * 64 KiB past the end and cuts it off again.
	 * @return whether appends are expected to succeed
	 */
	boolean probe() {
		if (this.failure == null) {
			return true;
		}
		if (this.stopped) {
			return false;
		}
		return exclusive(() -> {
			try {
				this.segments.probe(PROBE_BYTES);
				if (this.forceFailed) {
					// After a failed force, the disk must take a force again too.
					this.segments.force();
					this.forceFailed = false;
					this.dirty = false;
				}
				succeeded();
				return true;
			}
			catch (IOException | RuntimeException ex) {
				failed(ex, this.forceFailed ? "fsync-interval force failed: " + describe(ex) : describe(ex));
				return false;
			}
		});
	}

	/** For {@link FsyncPolicy#INTERVAL}: forces what was written since the last force. */
	void forceIfDirty() {
		if (!this.dirty) {
			return;
		}
		exclusive(() -> {
			if (this.forceFailed) {
				// The probe forces again once the disk is back.
				return null;
			}
			try {
				this.dirty = false;
				if (!this.closed) {
					this.segments.force();
					this.events.forced();
				}
			}
			catch (IOException ex) {
				// Acks already given may be lost with the dropped pages; give no more until a probe forces again.
				this.dirty = true;
				this.forceFailed = true;
				failed(ex, "fsync-interval force failed: " + describe(ex));
			}
			return null;
		});
	}

	/** Runs {@code action} holding the lock: the segment log to itself, between batches. */
	<T> T exclusive(Supplier<T> action) {
		this.lock.lock();
		try {
			return action.get();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Writes what is queued, then forces (unless fsync is none) and closes the active segment. */
	void close() throws IOException {
		this.closed = true;
		this.queue.add(Pending.STOP);
		try {
			this.thread.join(WRITER_STOP.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.thread.interrupt();
		Pending left;
		while ((left = this.queue.poll()) != null) {
			left.done.completeExceptionally(new IOException("the journal is closed"));
		}
		IOException error = exclusive(() -> {
			try {
				this.segments.close();
				return null;
			}
			catch (IOException ex) {
				return ex;
			}
		});
		if (error != null) {
			throw error;
		}
	}

	/** A record waiting to be written, and the future its caller waits on. */
	private static final class Pending {

		/** Tells the writer thread to stop once what came before it is written. */
		static final Pending STOP = new Pending(new byte[0]);

		final byte[] record;

		final CompletableFuture<Void> done = new CompletableFuture<>();

		Pending(byte[] record) {
			this.record = record;
		}

	}

}
