package org.ackgate.journal;

import java.io.IOException;
import java.nio.file.Path;

/** A segment holds bytes that are no valid record, with valid records after them: never skipped silently. */
public final class JournalCorruptException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient Path segment;

	private final long position;

	private final long offset;

	JournalCorruptException(Path segment, long position, long offset, String message) {
		super(message);
		this.segment = segment;
		this.position = position;
		this.offset = offset;
	}

	/** The segment file. */
	public Path segment() {
		return this.segment;
	}

	/** The byte position in the file. */
	public long position() {
		return this.position;
	}

	/** The journal offset (base offset plus position). */
	public long offset() {
		return this.offset;
	}

}
