package org.ackgate.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Which sealed segments retention deletes, decided from sizes, times and offsets alone (no files):
 * the oldest first, while the journal is over {@code maxSize} or the segment was last written more
 * than {@code maxAge} ago, but never a segment holding an offset that a holder still needs. The
 * active (last) segment is never deleted. When a holder's offset keeps the journal over its size,
 * the plan says so, and the journal refuses appends until that holder moves on.
 * @param maxSize the journal's largest size in bytes, {@code ackgate.journal.retention.max-size}
 * @param maxAge how long a sealed segment is kept after its last write
 */
record RetentionPolicy(long maxSize, Duration maxAge) {

	RetentionPolicy(JournalSettings settings) {
		this(settings.maxSize(), settings.maxAge());
	}

	/**
	 * The plan for {@code segments} (oldest first, the active one last) at {@code now}, keeping
	 * whatever the lowest of {@code holds} still needs.
	 */
	Plan plan(List<Segment> segments, List<Hold> holds, Instant now) {
		Hold keep = lowest(holds);
		long total = 0;
		for (Segment segment : segments) {
			total += segment.size();
		}
		List<Deletion> deletions = new ArrayList<>();
		for (int i = 0; i + 1 < segments.size(); i++) {
			Segment segment = segments.get(i);
			boolean tooBig = total > this.maxSize;
			boolean tooOld = segment.lastWritten().plus(this.maxAge).isBefore(now);
			if (!tooBig && !tooOld) {
				break;
			}
			if (keep != null && segments.get(i + 1).baseOffset() > keep.offset()) {
				String refusal = tooBig ? keep.holder() + "'s backlog keeps the journal over "
						+ "ackgate.journal.retention.max-size (" + this.maxSize + " bytes)" : null;
				return new Plan(deletions, refusal);
			}
			deletions.add(new Deletion(segment.baseOffset(), tooBig ? "size" : "age"));
			total -= segment.size();
		}
		return new Plan(deletions, null);
	}

	private static @Nullable Hold lowest(List<Hold> holds) {
		Hold lowest = null;
		for (Hold hold : holds) {
			if (lowest == null || hold.offset() < lowest.offset()) {
				lowest = hold;
			}
		}
		return lowest;
	}

	/**
	 * One segment as retention sees it.
	 * @param baseOffset the journal offset of its first byte (its header)
	 * @param size its bytes
	 * @param lastWritten when it was last written
	 */
	record Segment(long baseOffset, long size, Instant lastWritten) {
	}

	/**
	 * A holder's offset: segments holding it, or anything after it, are kept.
	 * @param holder who holds it, as the refusal names it ("the relay")
	 * @param offset the first journal offset the holder still needs
	 */
	record Hold(String holder, long offset) {
	}

	/**
	 * A segment to delete.
	 * @param baseOffset the segment's base offset
	 * @param reason {@code size} or {@code age}
	 */
	record Deletion(long baseOffset, String reason) {
	}

	/**
	 * What retention does now.
	 * @param deletions the segments to delete, oldest first
	 * @param refusal why appends are refused after the deletions, or {@code null} when they are not
	 */
	record Plan(List<Deletion> deletions, @Nullable String refusal) {
	}

}
