package org.ackgate.journal;

import java.nio.file.Path;
import java.util.List;

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

	/** Each of these, in order (the meters and a forwarder's record count, for example). */
	static JournalEvents all(List<? extends JournalEvents> listeners) {
		List<JournalEvents> all = List.copyOf(listeners);
		return new JournalEvents() {

			@Override
			public void written(int records, long bytes, boolean forced) {
				all.forEach(events -> events.written(records, bytes, forced));
			}

			@Override
			public void forced() {
				all.forEach(JournalEvents::forced);
			}

			@Override
			public void failed(String reason) {
				all.forEach(events -> events.failed(reason));
			}

			@Override
			public void recovered() {
				all.forEach(JournalEvents::recovered);
			}

			@Override
			public void segments(int count, long bytes) {
				all.forEach(events -> events.segments(count, bytes));
			}

			@Override
			public void tailTruncated(Path segment, long position, long bytesRemoved, String problem) {
				all.forEach(events -> events.tailTruncated(segment, position, bytesRemoved, problem));
			}

		};
	}

}
