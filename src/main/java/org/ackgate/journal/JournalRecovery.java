package org.ackgate.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the journal back to its last good record at startup. Every segment's header is checked
 * and the segments must follow each other without a gap; the last two segments are read record by
 * record (the one before the last was being sealed when the service stopped). Bytes that are not
 * a valid record in the last segment are a torn tail when no valid record follows them, or none
 * written after a completed force (unless fsync is none): they are cut off and reported. When such
 * a record does follow them, or they sit in a sealed segment, they are corruption in the middle
 * of the journal: startup fails, naming the file and position, and nothing is skipped or cut. A last segment whose header itself was cut short (the service
 * stopped while creating it) is deleted.
 */
final class JournalRecovery {

	private static final Logger log = LoggerFactory.getLogger(JournalRecovery.class);

	private final Path directory;

	private final JournalStorage storage;

	private final JournalEvents events;

	private final FsyncPolicy fsync;

	JournalRecovery(Path directory, JournalStorage storage, JournalEvents events, FsyncPolicy fsync) {
		this.directory = directory;
		this.storage = storage;
		this.events = events;
		this.fsync = fsync;
	}

	/** @return the segments that remain, oldest first */
	List<Path> recover() throws IOException {
		List<Path> segments = new ArrayList<>(Segments.list(this.directory));
		if (!segments.isEmpty()) {
			Path last = segments.get(segments.size() - 1);
			long lastSize;
			try (FileChannel channel = this.storage.openForRead(last)) {
				lastSize = channel.size();
			}
			if (lastSize <= SegmentHeader.SIZE && headerProblem(last) != null) {
				log.warn("Journal recovery: deleted {}, whose header was cut short ({} bytes)", last, lastSize);
				this.storage.delete(last);
				this.events.tailTruncated(last, 0, lastSize, "segment header cut short");
				segments.remove(segments.size() - 1);
			}
		}
		long expectedBase = -1;
		for (int i = 0; i < segments.size(); i++) {
			Path segment = segments.get(i);
			long base = Segments.baseOffset(segment);
			String problem = headerProblem(segment);
			if (problem != null) {
				throw new JournalCorruptException(segment, 0, base, "journal segment " + segment + " has a bad header: "
						+ problem + "; refusing to start (move the file away to start without it)");
			}
			if (expectedBase >= 0 && base != expectedBase) {
				throw new JournalCorruptException(segment, 0, base, "journal segment " + segment + " starts at offset "
						+ base + " but the segment before it ends at " + expectedBase
						+ ": a segment is missing or was cut; refusing to start");
			}
			boolean isLast = i == segments.size() - 1;
			long size = (isLast || i == segments.size() - 2) ? scan(segment, isLast) : sizeOf(segment);
			expectedBase = base + size;
		}
		return segments;
	}

	/** Reads every record; cuts a torn tail off the last segment; @return the segment's size afterwards. */
	private long scan(Path segment, boolean isLast) throws IOException {
		try (SegmentReader reader = new SegmentReader(segment, this.storage.openForRead(segment))) {
			long size = reader.size();
			long position = SegmentHeader.SIZE;
			while (true) {
				SegmentReader.Read read = reader.read(position, size);
				switch (read.kind()) {
					case RECORD -> position = read.record().nextOffset() - reader.baseOffset();
					case END -> {
						return size;
					}
					default -> {
						long valid = reader.findValidRecord(position + 1, size);
						if (isLast && valid >= 0 && unforced(reader, valid, size)) {
							truncateUnforced(segment, position, size, read.problem(), valid);
							return position;
						}
						if (!isLast || valid >= 0) {
							throw new JournalCorruptException(segment, position, reader.baseOffset() + position,
									"journal segment " + segment + " has a corrupt record at byte " + position + " ("
											+ read.problem() + ")"
											+ ((valid >= 0) ? ", followed by a valid record at byte " + valid
													: " in a sealed segment")
											+ "; refusing to start rather than skip records (inspect it with 'journal dump'; "
											+ "cut the file there with truncate -s " + position
											+ " only if what follows may be lost)");
						}
						truncate(segment, position, size, read.problem());
						return position;
					}
				}
			}
		}
	}

	/*
	 * A machine that loses power while a batch waits for its force may keep some of the batch's
	 * pages and not others: damaged bytes followed by valid records, all of them never forced, so
	 * never acked under fsync always. The first record written after each completed force is marked
	 * (RecordFormat.VERSION_AFTER_FORCE); when no valid marked record follows the damage, nothing
	 * after it was known forced, and it is a torn tail too. A marked record after it proves the
	 * damaged bytes were forced before: that is corruption, and recovery stops.
	 */
	private boolean unforced(SegmentReader reader, long firstValid, long size) throws IOException {
		// No record starts between the damage and the first valid one: the search goes on from there.
		return this.fsync != FsyncPolicy.NONE && reader.findRecordWrittenAfterForce(firstValid, size) < 0;
	}

	private void truncateUnforced(Path segment, long position, long size, String problem, long valid)
			throws IOException {
		cut(segment, position);
		log.warn("Journal recovery: cut a torn tail of {} bytes off {} at byte {} ({}); a valid record at byte {} "
				+ "follows, but nothing after byte {} was forced before the stop (the machine lost power or crashed "
				+ "while it was being written): under fsync always none of it was acked; under interval, what was acked "
				+ "since the last force is lost with it",
				size - position, segment, position, problem, valid, position);
		this.events.tailTruncated(segment, position, size - position, problem + ", never forced");
	}

	private void cut(Path segment, long position) throws IOException {
		try (FileChannel channel = this.storage.openForWrite(segment, false)) {
			channel.truncate(position);
			channel.force(true);
		}
	}

	private void truncate(Path segment, long position, long size, String problem) throws IOException {
		cut(segment, position);
		log.warn("Journal recovery: cut a torn tail of {} bytes off {} at byte {} ({}); no record after it was complete",
				size - position, segment, position, problem);
		this.events.tailTruncated(segment, position, size - position, problem);
	}

	private String headerProblem(Path segment) throws IOException {
		try (SegmentReader reader = new SegmentReader(segment, this.storage.openForRead(segment))) {
			return reader.checkHeader();
		}
	}

	private long sizeOf(Path segment) throws IOException {
		try (FileChannel channel = this.storage.openForRead(segment)) {
			return channel.size();
		}
	}

}
