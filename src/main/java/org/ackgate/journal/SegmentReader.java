package org.ackgate.journal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Reads one segment's records by file position through a 64 KiB window, telling a complete valid
 * record from the end, a record cut short (torn) and one that cannot be a record (corrupt).
 */
final class SegmentReader implements AutoCloseable {

	private static final int WINDOW = 64 * 1024;

	private final Path path;

	private final long baseOffset;

	private final FileChannel channel;

	private final ByteBuffer window = ByteBuffer.allocate(WINDOW);

	private long windowStart = -1;

	SegmentReader(Path path, FileChannel channel) {
		this.path = path;
		this.baseOffset = Segments.baseOffset(path);
		this.channel = channel;
	}

	Path path() {
		return this.path;
	}

	long baseOffset() {
		return this.baseOffset;
	}

	long size() throws IOException {
		return this.channel.size();
	}

	/** @return why the header is not this segment's, or {@code null} when it is */
	@Nullable String checkHeader() throws IOException {
		long size = size();
		if (size < SegmentHeader.SIZE) {
			return "header cut short (" + size + " of " + SegmentHeader.SIZE + " bytes)";
		}
		// Only the header: what follows may not be committed yet (see bytes).
		return SegmentHeader.check(bytes(0, SegmentHeader.SIZE, SegmentHeader.SIZE), this.baseOffset);
	}

	/** The record at file position {@code position}, reading no further than {@code end}. */
	Read read(long position, long end) throws IOException {
		if (position >= end) {
			return new Read(Read.Kind.END, null, null);
		}
		if (end - position < RecordFormat.HEADER_SIZE) {
			return new Read(Read.Kind.TORN, null, "record header cut short (" + (end - position) + " bytes)");
		}
		ByteBuffer header = bytes(position, RecordFormat.HEADER_SIZE, end);
		int bodyLength = header.getInt(header.position());
		int crc = header.getInt(header.position() + 4);
		if (!RecordFormat.plausibleLength(bodyLength)) {
			return new Read(Read.Kind.CORRUPT, null, "impossible record length " + bodyLength);
		}
		long available = end - position - RecordFormat.HEADER_SIZE;
		if (bodyLength > available) {
			return new Read(Read.Kind.TORN, null,
					"record cut short (" + bodyLength + " bytes announced, " + available + " there)");
		}
		ByteBuffer body = bytes(position + RecordFormat.HEADER_SIZE, bodyLength, end);
		String problem = RecordFormat.check(body, crc);
		if (problem != null) {
			return new Read(Read.Kind.CORRUPT, null, problem);
		}
		return new Read(Read.Kind.RECORD, RecordFormat.decode(this.baseOffset + position, body), null,
				RecordFormat.writtenAfterForce(body));
	}

	/** The first position after {@code from} where a valid record starts, or -1. */
	long findValidRecord(long from, long end) throws IOException {
		return find(from, end, false);
	}

	/** The first position after {@code from} where a valid record written after a completed force starts, or -1. */
	long findRecordWrittenAfterForce(long from, long end) throws IOException {
		return find(from, end, true);
	}

	private long find(long from, long end, boolean afterForce) throws IOException {
		for (long position = from; position + RecordFormat.HEADER_SIZE + RecordFormat.FIXED_BODY_SIZE <= end; position++) {
			Read read = read(position, end);
			if (read.kind() == Read.Kind.RECORD && (!afterForce || read.afterForce())) {
				return position;
			}
		}
		return -1;
	}

	/**
	 * {@code length} bytes at {@code position}, from the window when they fit in it. The window is
	 * filled no further than {@code end}: past the committed end the writer may still cut bytes off
	 * (a failed batch, the failure probe's zeros) and write others in their place, so caching them
	 * would later serve records that are not in the journal.
	 */
	private ByteBuffer bytes(long position, int length, long end) throws IOException {
		if (length > WINDOW) {
			ByteBuffer large = ByteBuffer.allocate(length);
			readFully(large, position);
			return large.flip();
		}
		if (this.windowStart < 0 || position < this.windowStart
				|| position + length > this.windowStart + this.window.limit()) {
			this.window.clear();
			this.windowStart = position;
			long fill = Math.min(Math.min(end, size()), position + WINDOW);
			this.window.limit((int) (fill - position));
			readFully(this.window, position);
			this.window.flip();
			if (this.window.limit() < length) {
				throw new EOFException(this.path + " ended at " + (position + this.window.limit()));
			}
		}
		return this.window.duplicate()
			.position((int) (position - this.windowStart))
			.limit((int) (position - this.windowStart) + length);
	}

	private void readFully(ByteBuffer buffer, long position) throws IOException {
		long at = position;
		while (buffer.hasRemaining()) {
			int read = this.channel.read(buffer, at);
			if (read < 0) {
				throw new EOFException(this.path + " ended at " + at);
			}
			at += read;
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

	/**
	 * What was found at a position.
	 * @param kind a record, the end, a record cut short, or bytes that are no record
	 * @param record the record, for {@link Kind#RECORD}
	 * @param problem what is wrong, for {@link Kind#TORN} and {@link Kind#CORRUPT}
	 * @param afterForce for a record, whether it was written when everything before it had been forced
	 */
	record Read(Kind kind, @Nullable JournalRecord record, @Nullable String problem, boolean afterForce) {

		Read(Kind kind, @Nullable JournalRecord record, @Nullable String problem) {
			this(kind, record, problem, false);
		}

		enum Kind {
			RECORD, END, TORN, CORRUPT
		}

	}

}
