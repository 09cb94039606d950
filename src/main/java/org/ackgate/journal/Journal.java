package org.ackgate.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only journal: segment files in one directory, appended to by many connections at
 * once. An append returns only when its record is written (and forced under
 * {@link FsyncPolicy#ALWAYS}), and throws {@link JournalAppendException} when it was not, so its
 * message gets no ack.
 * <p>
 * This class is the facade over three parts: {@link JournalRecovery} when opening,
 * {@link JournalWriter} (the batching writer thread and the failure state) over the
 * {@link SegmentLog} (the files), and {@link JournalRetention}, which carries out the pure
 * {@link RetentionPolicy}. Locking: one lock, the writer's; everything that changes the segments
 * (a batch, a probe, an interval force, retention, close) runs under it. Reads of offsets, the
 * failure and the refusal take no lock.
 */
public final class Journal implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Journal.class);

	private final JournalSettings settings;

	private final SegmentLog segments;

	private final JournalWriter writer;

	private final JournalRetention retention;

	private Journal(JournalSettings settings, Clock clock, JournalEvents events, SegmentLog segments) {
		this.settings = settings;
		this.segments = segments;
		this.retention = new JournalRetention(new RetentionPolicy(settings), segments, clock, events);
		this.writer = new JournalWriter(segments, settings.fsync(), events, this.retention::apply);
	}

	/**
	 * Opens (creating it when needed) and recovers the journal in {@code settings.directory()}.
	 * @throws JournalCorruptException when a segment holds bytes that are no record before valid records
	 */
	public static Journal open(JournalSettings settings, Clock clock, JournalStorage storage, JournalEvents events)
			throws IOException {
		Files.createDirectories(settings.directory());
		List<Path> recovered = new JournalRecovery(settings.directory(), storage, events, settings.fsync()).recover();
		Journal journal = new Journal(settings, clock, events, SegmentLog.open(settings, storage, recovered));
		journal.retention.reportSegments();
		log.info("Journal open in {}: {} segment(s), offsets {} to {}, fsync {}", settings.directory(),
				journal.segments.files().size(), journal.segments.firstOffset(), journal.segments.committedOffset(),
				settings.fsync().name().toLowerCase(Locale.ROOT));
		journal.writer.start();
		return journal;
	}

	public JournalSettings settings() {
		return this.settings;
	}

	/**
	 * Appends one message's record; returns when it is written, and forced under {@link FsyncPolicy#ALWAYS}.
	 * @throws JournalAppendException when the record is not safe, so the message must not be acked
	 */
	public void append(String endpoint, String peer, Instant receivedAt, byte[] payload) {
		String refused = this.retention.refusal();
		if (refused != null) {
			throw new JournalAppendException("journal append refused: " + refused);
		}
		this.writer.append(RecordFormat.encode(endpoint, peer, receivedAt, payload));
	}

	/** Why appends fail now, or {@code null} when the last one succeeded. */
	public @Nullable String failure() {
		return this.writer.failure();
	}

	/** Why appends are refused (a holder's backlog exceeds the retention size), or {@code null}. */
	public @Nullable String refusal() {
		return this.retention.refusal();
	}

	/**
	 * While appends fail, checks whether the disk takes data again: cuts any partial write, writes
	 * 64 KiB past the end and cuts it off again. Appends succeeding clear the failure too.
	 * @return whether appends are expected to succeed
	 */
	public boolean probe() {
		return this.writer.probe();
	}

	/** For {@link FsyncPolicy#INTERVAL}: forces what was written since the last force. */
	public void forceIfDirty() {
		this.writer.forceIfDirty();
	}

	/**
	 * The journal offset up to which records are complete: written, and forced under
	 * {@link FsyncPolicy#ALWAYS}. Readers read up to here.
	 */
	public long committedOffset() {
		return this.segments.committedOffset();
	}

	/** The offset of the oldest segment still kept. */
	public long firstOffset() {
		return this.segments.firstOffset();
	}

	/**
	 * Registers a holder of segments (the relay's cursor, for one): segments holding any offset at
	 * or past the supplied one are never deleted. With several holders, the lowest offset counts;
	 * when it keeps the journal over its size, appends are refused until the holder moves on.
	 * @param holder who holds them, as the refusal names it ("the relay")
	 * @param offset the first offset the holder still needs, asked at every retention run
	 */
	public void keepFrom(String holder, LongSupplier offset) {
		this.retention.keepFrom(holder, offset);
	}

	/** The segment files, oldest first. */
	public List<Path> segments() {
		return this.segments.files();
	}

	/** The bytes of all segment files. */
	public long size() {
		return this.segments.size();
	}

	/**
	 * Deletes sealed segments, oldest first, while the journal is over {@code max-size} or the
	 * segment was last written more than {@code max-age} ago, but never one a holder still needs.
	 */
	public void applyRetention() {
		this.writer.exclusive(() -> {
			this.retention.apply();
			return null;
		});
	}

	/**
	 * Writes what is queued, forces it (unless fsync is none) and closes the active segment;
	 * appends fail from now on.
	 */
	@Override
	public void close() throws IOException {
		this.writer.close();
	}

}
