package org.ackgate.journal;

import java.nio.file.Path;

/**
 * What the journal reports to its meters and health. Methods are called under the journal's lock (from the
 * writer thread or a maintenance task): they must return quickly and must not call back into the journal.
 */
public interface JournalEvents {

	/** A batch of {@code records} records, {@code bytes} long, was written (and forced when {@code forced}). */
	default void written(int records, long bytes, boolean forced) {
	}

	/** A timer force ({@link FsyncPolicy#INTERVAL}) or a segment's final force. */
	default void forced() {
	}

	/** Appends failed; the journal refuses further appends until a write or a probe succeeds. */
	default void failed(String reason) {
	}

	/** Appends succeed again after a failure. */
	default void recovered() {
	}

	/** The number of segment files changed. */
	default void segments(int count, long bytes) {
	}

	/** Recovery at startup cut a torn or corrupt tail off a segment. */
	default void tailTruncated(Path segment, long position, long bytesRemoved, String problem) {
	}

	/** No-op events. */
	JournalEvents NONE = new JournalEvents() {
	};

}
