package org.ackgate.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link RetentionPolicy} on the segment files: asks every holder for its offset,
 * deletes what the plan says, and refuses appends while a holder keeps the journal over its size.
 * {@link #apply()} runs under the {@link JournalWriter}'s lock, like everything that changes the segments.
 */
final class JournalRetention {

	private static final Logger log = LoggerFactory.getLogger(JournalRetention.class);

	private final RetentionPolicy policy;

	private final SegmentLog segments;

	private final Clock clock;

	private final JournalEvents events;

	private final List<Holder> holders = new CopyOnWriteArrayList<>();

	private volatile @Nullable String refusal;

	JournalRetention(RetentionPolicy policy, SegmentLog segments, Clock clock, JournalEvents events) {
		this.policy = policy;
		this.segments = segments;
		this.clock = clock;
		this.events = events;
	}

	/** Registers one more holder; retention keeps what the lowest of them still needs. */
	void keepFrom(String holder, LongSupplier offset) {
		this.holders.add(new Holder(holder, offset));
	}

	/** Why appends are refused, or {@code null}. */
	@Nullable String refusal() {
		return this.refusal;
	}

	/** Deletes what the policy says now; the caller holds the writer's lock. */
	void apply() {
		List<RetentionPolicy.Hold> holds = new ArrayList<>(this.holders.size());
		for (Holder holder : this.holders) {
			holds.add(new RetentionPolicy.Hold(holder.name(), holder.offset().getAsLong()));
		}
		RetentionPolicy.Plan plan = this.policy.plan(this.segments.describe(this.clock.instant()), holds,
				this.clock.instant());
		String blocked = plan.refusal();
		for (RetentionPolicy.Deletion deletion : plan.deletions()) {
			try {
				Path deleted = this.segments.delete(deletion.baseOffset());
				log.info("Journal retention deleted {} ({})", deleted.getFileName(), deletion.reason());
			}
			catch (IOException ex) {
				log.warn("Journal retention could not delete segment {}: {}", deletion.baseOffset(),
						JournalWriter.describe(ex));
				blocked = null;
				break;
			}
		}
		if (blocked != null && this.refusal == null) {
			log.warn("Journal refuses appends: {}", blocked);
		}
		else if (blocked == null && this.refusal != null) {
			log.info("Journal takes appends again: what its holders still need fits the retention size");
		}
		this.refusal = blocked;
		reportSegments();
	}

	void reportSegments() {
		this.events.segments(this.segments.files().size(), this.segments.size());
	}

	private record Holder(String name, LongSupplier offset) {
	}

}
