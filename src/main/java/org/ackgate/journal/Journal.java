package org.ackgate.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only journal: segment files in one directory, appended to by many connections at
 * once. Each append queues its record and waits; one writer thread takes everything queued, writes
 * it in one system call and, for {@link FsyncPolicy#ALWAYS}, forces it once, then releases all
 * those callers: concurrent records share one {@code force()} (group commit), and the batch grows
 * with the load. An append returns only when its record is written (and forced), and throws
 * {@link JournalAppendException} when it was not, so its message gets no ack.
 * <p>
 * Opening the journal recovers it: see {@link JournalRecovery}.
 */
public final class Journal implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Journal.class);

	/** Records are copied into this buffer and leave in one write per batch (or per buffer full). */
	private static final int WRITE_BUFFER = 256 * 1024;

	/** Records written together at most; more wait for the next batch. */
	private static final int MAX_BATCH = 4096;

	private static final java.time.Duration WRITER_STOP = java.time.Duration.ofSeconds(10);

	/** What a health probe writes past the end (and cuts off again) to see whether the disk takes data. */
	private static final int PROBE_BYTES = 64 * 1024;

	private final JournalSettings settings;

	private final Clock clock;

	private final JournalStorage storage;

	private final JournalEvents events;

	/** Base offset → segment file, the active (last) one included. */
	private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();

	/** Records waiting for the writer thread. */
	private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	/** Held while the active segment is written, forced, probed or closed. */
	private final ReentrantLock writeLock = new ReentrantLock();

	private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER);

	private final Thread writer = new Thread(this::writeQueued, "journal-writer");

	private volatile boolean closed;

	// Guarded by writeLock.
	private FileChannel active;

	private long activeBase;

	/** Where the next write goes in the active segment. */
	private long writePosition;

	/** How far the active segment holds only good, written (and as the policy says, forced) data. */
	private long goodPosition;

	private boolean needsRepair;

	private volatile long committedOffset;

	private volatile boolean dirty;

	private volatile @Nullable String failure;

	private volatile @Nullable String refusal;

	/** Cursors of the journal's forwarders (relay, Kafka): retention keeps from the lowest. */
	private final List<LongSupplier> keepFrom = new CopyOnWriteArrayList<>();

	private Journal(JournalSettings settings, Clock clock, JournalStorage storage, JournalEvents events) {
		this.settings = settings;
		this.clock = clock;
		this.storage = storage;
		this.events = events;
	}

	/**
	 * Opens (creating it when needed) and recovers the journal in {@code settings.directory()}.
	 * @throws JournalCorruptException when a segment holds bytes that are no record before valid records
	 */
	public static Journal open(JournalSettings settings, Clock clock, JournalStorage storage, JournalEvents events)
			throws IOException {
		Journal journal = new Journal(settings, clock, storage, events);
		journal.recover();
		journal.writer.setDaemon(true);
		journal.writer.start();
		return journal;
	}

	private void recover() throws IOException {
		Files.createDirectories(this.settings.directory());
		List<Path> files = new JournalRecovery(this.settings.directory(), this.storage, this.events).recover();
		for (Path file : files) {
			this.segments.put(Segments.baseOffset(file), file);
		}
		if (this.segments.isEmpty()) {
			createSegment(0);
		}
		else {
			Map.Entry<Long, Path> last = this.segments.lastEntry();
			this.activeBase = last.getKey();
			this.active = this.storage.openForWrite(last.getValue(), false);
			this.writePosition = this.active.size();
			this.goodPosition = this.writePosition;
		}
		this.committedOffset = this.activeBase + this.goodPosition;
		reportSegments();
		log.info("Journal open in {}: {} segment(s), offsets {} to {}, fsync {}", this.settings.directory(),
				this.segments.size(), this.segments.firstKey(), this.committedOffset,
				this.settings.fsync().name().toLowerCase(java.util.Locale.ROOT));
	}

	public JournalSettings settings() {
		return this.settings;
	}

	/**
	 * Appends one message's record; returns when it is written, and forced under {@link FsyncPolicy#ALWAYS}.
	 * @throws JournalAppendException when the record is not safe, so the message must not be acked
	 */
	public void append(String endpoint, String peer, Instant receivedAt, byte[] payload) {
		if (this.closed) {
			throw new JournalAppendException("journal append failed: the journal is closed");
		}
		String refused = this.refusal;
		if (refused != null) {
			throw new JournalAppendException("journal append refused: " + refused);
		}
		Pending pending = new Pending(RecordFormat.encode(endpoint, peer, receivedAt, payload));
		this.queue.add(pending);
		if (this.closed && this.queue.remove(pending)) {
			throw new JournalAppendException("journal append failed: the journal is closed");
		}
		try {
			pending.done.join();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new JournalAppendException("journal append failed: " + describe(cause), cause);
		}
	}

	/** The writer thread: takes whatever is queued, writes and forces it as one batch, releases its callers. */
	private void writeQueued() {
		List<Pending> batch = new ArrayList<>();
		while (true) {
			try {
				batch.add(this.queue.take());
			}
			catch (InterruptedException ex) {
				break;
			}
			this.queue.drainTo(batch, MAX_BATCH - 1);
			boolean stop = batch.remove(Pending.STOP);
			Exception error = null;
			if (!batch.isEmpty()) {
				this.writeLock.lock();
				try {
					error = writeBatch(batch);
				}
				finally {
					this.writeLock.unlock();
				}
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

	/** Writes the batch and forces it as the policy says; the error, or null. */
	private @Nullable Exception writeBatch(List<Pending> batch) {
		boolean force = this.settings.fsync() == FsyncPolicy.ALWAYS;
		try {
			repairIfNeeded();
			this.writeBuffer.clear();
			long bytes = 0;
			for (Pending pending : batch) {
				byte[] record = pending.record;
				bytes += record.length;
				if (this.writePosition + this.writeBuffer.position() + record.length > this.settings.segmentSize()
						&& this.writePosition + this.writeBuffer.position() > SegmentHeader.SIZE) {
					drainWriteBuffer();
					roll();
				}
				if (record.length > this.writeBuffer.remaining()) {
					drainWriteBuffer();
				}
				if (record.length > this.writeBuffer.capacity()) {
					writeFully(ByteBuffer.wrap(record));
				}
				else {
					this.writeBuffer.put(record);
				}
			}
			drainWriteBuffer();
			if (force) {
				this.active.force(false);
			}
			else {
				this.dirty = true;
			}
			this.goodPosition = this.writePosition;
			this.committedOffset = this.activeBase + this.goodPosition;
			this.events.written(batch.size(), bytes, force);
			succeeded();
			return null;
		}
		catch (IOException | RuntimeException ex) {
			failed(ex);
			return ex;
		}
	}

	private void drainWriteBuffer() throws IOException {
		this.writeBuffer.flip();
		writeFully(this.writeBuffer);
		this.writeBuffer.clear();
	}

	private void writeFully(ByteBuffer buffer) throws IOException {
		while (buffer.hasRemaining()) {
			this.writePosition += this.active.write(buffer, this.writePosition);
		}
	}

	/** Seals the active segment (forced unless fsync is none) and starts the next one. */
	private void roll() throws IOException {
		if (this.settings.fsync() != FsyncPolicy.NONE) {
			this.active.force(false);
			this.events.forced();
		}
		long nextBase = this.activeBase + this.writePosition;
		FileChannel sealed = this.active;
		createSegment(nextBase);
		sealed.close();
		reportSegments();
		applyRetention();
	}

	/** Creates the segment at {@code base} and makes it the active one; nothing changes when that fails. */
	private void createSegment(long base) throws IOException {
		Path path = Segments.path(this.settings.directory(), base);
		FileChannel channel = this.storage.openForWrite(path, true);
		try {
			ByteBuffer header = SegmentHeader.encode(base);
			long position = 0;
			while (header.hasRemaining()) {
				position += channel.write(header, position);
			}
			if (this.settings.fsync() != FsyncPolicy.NONE) {
				channel.force(true);
				this.storage.forceDirectory(this.settings.directory());
			}
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			try {
				this.storage.delete(path);
			}
			catch (IOException deleteFailed) {
				ex.addSuppressed(deleteFailed);
			}
			throw ex;
		}
		this.active = channel;
		this.activeBase = base;
		this.writePosition = SegmentHeader.SIZE;
		this.goodPosition = SegmentHeader.SIZE;
		this.segments.put(base, path);
	}

	/** After a failed write, cuts what it left behind, so no half record ever sits before a later one. */
	private void repairIfNeeded() throws IOException {
		if (this.needsRepair) {
			this.active.truncate(this.goodPosition);
			this.writePosition = this.goodPosition;
			this.needsRepair = false;
		}
	}

	private void failed(Exception ex) {
		this.needsRepair = true;
		try {
			repairIfNeeded();
		}
		catch (IOException | RuntimeException repairFailed) {
			ex.addSuppressed(repairFailed);
		}
		String reason = describe(ex);
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

	private static String describe(Throwable ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	/** Why appends fail now, or {@code null} when the last one succeeded. */
	public @Nullable String failure() {
		return this.failure;
	}

	/** Why appends are refused (the relay's backlog exceeds the retention size), or {@code null}. */
	public @Nullable String refusal() {
		return this.refusal;
	}

	/**
	 * While appends fail, checks whether the disk takes data again: cuts any partial write, writes
	 * 64 KiB past the end and cuts it off again. Appends succeeding clear the failure too.
	 * @return whether appends are expected to succeed
	 */
	public boolean probe() {
		if (this.failure == null) {
			return true;
		}
		return asLeader(() -> {
			try {
				repairIfNeeded();
				ByteBuffer zeros = ByteBuffer.allocate(PROBE_BYTES);
				long position = this.writePosition;
				try {
					while (zeros.hasRemaining()) {
						position += this.active.write(zeros, position);
					}
				}
				finally {
					this.active.truncate(this.writePosition);
				}
				succeeded();
				return true;
			}
			catch (IOException | RuntimeException ex) {
				failed(ex);
				return false;
			}
		});
	}

	/** For {@link FsyncPolicy#INTERVAL}: forces what was written since the last force. */
	public void forceIfDirty() {
		if (!this.dirty) {
			return;
		}
		asLeader(() -> {
			try {
				this.dirty = false;
				if (!this.closed) {
					this.active.force(false);
					this.events.forced();
				}
			}
			catch (IOException ex) {
				this.dirty = true;
				log.warn("Journal force failed: {}", describe(ex));
			}
			return null;
		});
	}

	/** Runs {@code action} with the active segment to itself, between batches. */
	private <T> T asLeader(java.util.function.Supplier<T> action) {
		this.writeLock.lock();
		try {
			return action.get();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * The journal offset up to which records are complete: written, and forced under
	 * {@link FsyncPolicy#ALWAYS}. Readers read up to here.
	 */
	public long committedOffset() {
		return this.committedOffset;
	}

	/** The offset of the oldest segment still kept. */
	public long firstOffset() {
		return this.segments.firstKey();
	}

	/**
	 * Adds to what retention must keep: segments holding any offset at or past the supplied one are
	 * never deleted (a forwarder's cursor; with several, the lowest counts); with it, a journal over
	 * its size refuses appends.
	 */
	public void keepFrom(LongSupplier offset) {
		this.keepFrom.add(offset);
	}

	private long keepFromOffset() {
		long keep = Long.MAX_VALUE;
		for (LongSupplier holder : this.keepFrom) {
			keep = Math.min(keep, holder.getAsLong());
		}
		return keep;
	}

	/** The segment files, oldest first. */
	public List<Path> segments() {
		return List.copyOf(this.segments.values());
	}

	/** The bytes of all segment files. */
	public long size() {
		long total = 0;
		for (Path segment : this.segments.values()) {
			total += sizeOf(segment);
		}
		return total;
	}

	/**
	 * Deletes sealed segments, oldest first, while the journal is over {@code max-size} or the
	 * segment was last written more than {@code max-age} ago, but never one the relay still needs;
	 * when that one keeps the journal over its size, appends are refused until it is forwarded.
	 */
	public synchronized void applyRetention() {
		long keep = keepFromOffset();
		Instant now = this.clock.instant();
		long total = size();
		String blocked = null;
		boolean deleted = false;
		for (Map.Entry<Long, Path> entry : this.segments.entrySet()) {
			Map.Entry<Long, Path> next = this.segments.higherEntry(entry.getKey());
			if (next == null) {
				break;
			}
			long size = sizeOf(entry.getValue());
			boolean tooBig = total > this.settings.maxSize();
			boolean tooOld = lastWritten(entry.getValue()).plus(this.settings.maxAge()).isBefore(now);
			if (!tooBig && !tooOld) {
				break;
			}
			if (next.getKey() > keep) {
				if (tooBig) {
					blocked = "the relay's backlog keeps the journal over ackgate.journal.retention.max-size ("
							+ this.settings.maxSize() + " bytes)";
				}
				break;
			}
			try {
				this.storage.delete(entry.getValue());
				this.segments.remove(entry.getKey());
				total -= size;
				deleted = true;
				log.info("Journal retention deleted {} ({})", entry.getValue().getFileName(), tooBig ? "size" : "age");
			}
			catch (IOException ex) {
				log.warn("Journal retention could not delete {}: {}", entry.getValue(), describe(ex));
				break;
			}
		}
		if (blocked != null && this.refusal == null) {
			log.warn("Journal refuses appends: {}", blocked);
		}
		else if (blocked == null && this.refusal != null) {
			log.info("Journal takes appends again: the relay's backlog fits the retention size");
		}
		this.refusal = blocked;
		if (deleted) {
			reportSegments();
		}
	}

	private Instant lastWritten(Path segment) {
		try {
			return Files.getLastModifiedTime(segment).toInstant();
		}
		catch (IOException ex) {
			return this.clock.instant();
		}
	}

	private static long sizeOf(Path segment) {
		try {
			return Files.size(segment);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private void reportSegments() {
		this.events.segments(this.segments.size(), size());
	}

	/**
	 * Writes what is queued, forces it (unless fsync is none) and closes the active segment;
	 * appends fail from now on.
	 */
	@Override
	public void close() throws IOException {
		this.closed = true;
		this.queue.add(Pending.STOP);
		try {
			this.writer.join(WRITER_STOP.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.writer.interrupt();
		Pending left;
		while ((left = this.queue.poll()) != null) {
			left.done.completeExceptionally(new IOException("the journal is closed"));
		}
		IOException[] error = new IOException[1];
		asLeader(() -> {
			try {
				if (this.settings.fsync() != FsyncPolicy.NONE) {
					this.active.force(false);
				}
				this.active.close();
			}
			catch (IOException ex) {
				error[0] = ex;
			}
			return null;
		});
		if (error[0] != null) {
			throw error[0];
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
