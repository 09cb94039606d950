package org.ackgate.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The journal's segment files and the active (last) one's positions: writes records at the end,
 * rolls to a new segment when one is full, cuts what a failed write left behind, deletes sealed
 * segments. Not thread-safe: {@link JournalWriter}'s lock guards every call that changes it; the
 * segment list and {@link #committedOffset()} may be read without it.
 */
final class SegmentLog {

	/** Records are copied into this buffer and leave in one write per batch (or per buffer full). */
	private static final int WRITE_BUFFER = 256 * 1024;

	private final JournalSettings settings;

	private final JournalStorage storage;

	/** Base offset → segment file, the active (last) one included. */
	private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();

	private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER);

	private FileChannel active;

	private long activeBase;

	/** Where the next write goes in the active segment. */
	private long writePosition;

	/** How far the active segment holds only good, written (and as the policy says, forced) data. */
	private long goodPosition;

	/** How far the active segment is known forced to the disk; -1 when the policy never forces. */
	private long forcedPosition = -1;

	private boolean needsRepair;

	private volatile long committedOffset;

	private SegmentLog(JournalSettings settings, JournalStorage storage) {
		this.settings = settings;
		this.storage = storage;
	}

	/** Takes over the {@code recovered} segments (oldest first), or creates the first one when there is none. */
	static SegmentLog open(JournalSettings settings, JournalStorage storage, List<Path> recovered) throws IOException {
		SegmentLog log = new SegmentLog(settings, storage);
		for (Path file : recovered) {
			log.segments.put(Segments.baseOffset(file), file);
		}
		if (log.segments.isEmpty()) {
			log.createSegment(0);
		}
		else {
			Map.Entry<Long, Path> last = log.segments.lastEntry();
			log.activeBase = last.getKey();
			log.active = storage.openForWrite(last.getValue(), false);
			log.writePosition = log.active.size();
			log.goodPosition = log.writePosition;
			if (settings.fsync() != FsyncPolicy.NONE) {
				// What an earlier run wrote and did not force (it was killed) is forced now, once.
				log.active.force(false);
				log.forcedPosition = log.writePosition;
			}
		}
		log.committedOffset = log.activeBase + log.goodPosition;
		return log;
	}

	/**
	 * Writes {@code records} after the last one, rolling to a new segment where the active one is full.
	 * Nothing is committed until {@link #commit}.
	 * @return how many segments were sealed
	 */
	int write(List<byte[]> records) throws IOException {
		repairIfNeeded();
		int rolled = 0;
		this.writeBuffer.clear();
		for (byte[] record : records) {
			long end = this.writePosition + this.writeBuffer.position();
			if (end + record.length > this.settings.segmentSize() && end > SegmentHeader.SIZE) {
				drainWriteBuffer();
				roll();
				rolled++;
			}
			byte[] bytes = (this.writePosition + this.writeBuffer.position() == this.forcedPosition)
					? RecordFormat.markedAfterForce(record) : record;
			if (bytes.length > this.writeBuffer.remaining()) {
				drainWriteBuffer();
			}
			if (bytes.length > this.writeBuffer.capacity()) {
				writeFully(ByteBuffer.wrap(bytes));
			}
			else {
				this.writeBuffer.put(bytes);
			}
		}
		drainWriteBuffer();
		return rolled;
	}

	/** Forces what was written when {@code force}, then counts it as good: readers may read it. */
	void commit(boolean force) throws IOException {
		if (force) {
			this.active.force(false);
			this.forcedPosition = this.writePosition;
		}
		this.goodPosition = this.writePosition;
		this.committedOffset = this.activeBase + this.goodPosition;
	}

	/** Forces the active segment's data. */
	void force() throws IOException {
		long written = this.writePosition;
		this.active.force(false);
		this.forcedPosition = written;
	}

	/** After a failed write: the next call cuts what it left behind first. */
	void markForRepair() {
		this.needsRepair = true;
	}

	/** Cuts what a failed write left behind, so no half record ever sits before a later one. */
	void repairIfNeeded() throws IOException {
		if (this.needsRepair) {
			this.active.truncate(this.goodPosition);
			this.writePosition = this.goodPosition;
			this.needsRepair = false;
		}
	}

	/** Writes {@code bytes} zeros past the end and cuts them off again: does the disk take data? */
	void probe(int bytes) throws IOException {
		repairIfNeeded();
		ByteBuffer zeros = ByteBuffer.allocate(bytes);
		long position = this.writePosition;
		try {
			while (zeros.hasRemaining()) {
				position += this.active.write(zeros, position);
			}
		}
		finally {
			this.active.truncate(this.writePosition);
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
		}
		long nextBase = this.activeBase + this.writePosition;
		FileChannel sealed = this.active;
		createSegment(nextBase);
		sealed.close();
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
		this.forcedPosition = (this.settings.fsync() != FsyncPolicy.NONE) ? SegmentHeader.SIZE : -1;
		this.segments.put(base, path);
	}

	/** Deletes the sealed segment at {@code baseOffset}; the active one is never deleted. */
	Path delete(long baseOffset) throws IOException {
		if (baseOffset == this.activeBase) {
			throw new IllegalArgumentException("the active segment " + baseOffset + " cannot be deleted");
		}
		Path path = this.segments.get(baseOffset);
		this.storage.delete(path);
		this.segments.remove(baseOffset);
		return path;
	}

	/** Forces (unless fsync is none) and closes the active segment. */
	void close() throws IOException {
		if (this.settings.fsync() != FsyncPolicy.NONE) {
			this.active.force(false);
		}
		this.active.close();
	}

	/** The offset up to which records are complete. */
	long committedOffset() {
		return this.committedOffset;
	}

	/** The offset of the oldest segment still kept. */
	long firstOffset() {
		return this.segments.firstKey();
	}

	/** The segment files, oldest first. */
	List<Path> files() {
		return List.copyOf(this.segments.values());
	}

	/** The segments as retention sees them, oldest first. */
	List<RetentionPolicy.Segment> describe(Instant unknownTime) {
		List<RetentionPolicy.Segment> described = new ArrayList<>();
		for (Map.Entry<Long, Path> entry : this.segments.entrySet()) {
			described.add(new RetentionPolicy.Segment(entry.getKey(), sizeOf(entry.getValue()),
					lastWritten(entry.getValue(), unknownTime)));
		}
		return described;
	}

	/** The bytes of all segment files. */
	long size() {
		long total = 0;
		for (Path segment : this.segments.values()) {
			total += sizeOf(segment);
		}
		return total;
	}

	private static Instant lastWritten(Path segment, Instant unknown) {
		try {
			return Files.getLastModifiedTime(segment).toInstant();
		}
		catch (IOException ex) {
			return unknown;
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

}
