package org.ackgate.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Reads records in journal order from an offset, across segments, up to a limit: the journal's
 * committed offset for a live reader (the relay), or the end of the files for the CLI. Bytes that
 * are no record stop it with a {@link JournalCorruptException} naming file and position; it never
 * skips them.
 */
public final class JournalReader implements AutoCloseable {

	private final Path directory;

	private final JournalStorage storage;

	private TreeMap<Long, Path> segments = new TreeMap<>();

	private @Nullable SegmentReader current;

	private long offset;

	private boolean followsWriter;

	public JournalReader(Path directory, JournalStorage storage, long from) {
		this.directory = directory;
		this.storage = storage;
		this.offset = from;
	}

	/**
	 * For a reader that follows a journal being written to without a committed offset to stop at
	 * ({@code journal tail -f}): a record cut short at the very end of the last segment is one
	 * still being written, so {@link #next} returns {@code null} for it instead of failing.
	 */
	public JournalReader followingWriter() {
		this.followsWriter = true;
		return this;
	}

	/** Where the next record is read from. */
	public long offset() {
		return this.offset;
	}

	/**
	 * The next record that ends at or before {@code limit}, or {@code null} when there is none yet.
	 * @throws JournalCorruptException at bytes that are not a complete valid record
	 */
	public @Nullable JournalRecord next(long limit) throws IOException {
		while (this.offset < limit) {
			SegmentReader segment = segmentFor(this.offset);
			if (segment == null) {
				return null;
			}
			long position = this.offset - segment.baseOffset();
			long size = segment.size();
			if (position >= size) {
				Map.Entry<Long, Path> next = nextSegment(segment.baseOffset());
				if (next == null) {
					return null;
				}
				if (next.getKey() != this.offset) {
					throw new JournalCorruptException(next.getValue(), 0, next.getKey(), "journal segment "
							+ next.getValue() + " starts at offset " + next.getKey() + " but the segment before it ends at "
							+ this.offset + ": a segment is missing or was cut");
				}
				this.offset = next.getKey();
				continue;
			}
			SegmentReader.Read read = segment.read(position, Math.min(size, limit - segment.baseOffset()));
			switch (read.kind()) {
				case RECORD -> {
					this.offset = read.record().nextOffset();
					return read.record();
				}
				case END -> {
					return null;
				}
				case TORN -> {
					if (this.followsWriter && nextSegment(segment.baseOffset()) == null) {
						return null;
					}
					throw corrupt(segment, position, read.problem());
				}
				default -> throw corrupt(segment, position, read.problem());
			}
		}
		return null;
	}

	static JournalCorruptException corrupt(SegmentReader segment, long position, String problem) {
		return new JournalCorruptException(segment.path(), position, segment.baseOffset() + position,
				"corrupt record in " + segment.path() + " at byte " + position + " (journal offset "
						+ (segment.baseOffset() + position) + "): " + problem);
	}

	/** The open segment holding {@code offset}, moving past a segment's header; {@code null} when there is none. */
	private @Nullable SegmentReader segmentFor(long offset) throws IOException {
		SegmentReader current = this.current;
		if (current != null && offset >= current.baseOffset() && offset < current.baseOffset() + current.size()) {
			return current;
		}
		Map.Entry<Long, Path> entry = floor(offset);
		if (entry == null) {
			Map.Entry<Long, Path> first = this.segments.firstEntry();
			if (first == null) {
				return null;
			}
			// Retention deleted what was asked for: go on from the oldest record there is.
			entry = first;
			this.offset = first.getKey();
		}
		if (current != null && entry.getKey() == current.baseOffset()) {
			return current;
		}
		closeCurrent();
		SegmentReader opened = new SegmentReader(entry.getValue(), this.storage.openForRead(entry.getValue()));
		String problem = opened.checkHeader();
		if (problem != null) {
			opened.close();
			throw new JournalCorruptException(entry.getValue(), 0, entry.getKey(),
					"bad segment header in " + entry.getValue() + ": " + problem);
		}
		this.current = opened;
		if (this.offset < entry.getKey() + SegmentHeader.SIZE) {
			this.offset = entry.getKey() + SegmentHeader.SIZE;
		}
		return opened;
	}

	private Map.@Nullable Entry<Long, Path> floor(long offset) throws IOException {
		Map.Entry<Long, Path> entry = this.segments.floorEntry(offset);
		if (entry == null || this.segments.higherEntry(entry.getKey()) == null) {
			refresh();
			entry = this.segments.floorEntry(offset);
		}
		return entry;
	}

	private Map.@Nullable Entry<Long, Path> nextSegment(long baseOffset) throws IOException {
		Map.Entry<Long, Path> next = this.segments.higherEntry(baseOffset);
		if (next == null) {
			refresh();
			next = this.segments.higherEntry(baseOffset);
		}
		return next;
	}

	private void refresh() throws IOException {
		TreeMap<Long, Path> listed = new TreeMap<>();
		for (Path segment : Segments.list(this.directory)) {
			listed.put(Segments.baseOffset(segment), segment);
		}
		this.segments = listed;
	}

	private void closeCurrent() throws IOException {
		if (this.current != null) {
			this.current.close();
			this.current = null;
		}
	}

	@Override
	public void close() throws IOException {
		closeCurrent();
	}

}
