package org.ackgate.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.ackgate.journal.RetentionPolicy.Deletion;
import org.ackgate.journal.RetentionPolicy.Hold;
import org.ackgate.journal.RetentionPolicy.Segment;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention decided from sizes, times and offsets alone: no files. */
class RetentionPolicyTests {

	private static final Instant NOW = Instant.parse("2026-11-22T05:47:30Z");

	private static final Instant FRESH = NOW.minusSeconds(60);

	private static final Instant OLD = NOW.minus(Duration.ofHours(2));

	private final RetentionPolicy policy = new RetentionPolicy(3000, Duration.ofHours(1));

	/** Four 1000-byte segments at offsets 0, 1000, 2000 and 3000; the last is the active one. */
	private static List<Segment> fourSegments(Instant lastWritten) {
		return List.of(new Segment(0, 1000, lastWritten), new Segment(1000, 1000, lastWritten),
				new Segment(2000, 1000, lastWritten), new Segment(3000, 1000, lastWritten));
	}

	@Test
	void overSizeDeletesTheOldestUntilItFits() {
		RetentionPolicy.Plan plan = this.policy.plan(fourSegments(FRESH), List.of(), NOW);
		assertThat(plan.deletions()).containsExactly(new Deletion(0, "size"));
		assertThat(plan.refusal()).isNull();
	}

	@Test
	void exactlyAtTheSizeDeletesNothing() {
		List<Segment> segments = List.of(new Segment(0, 1000, FRESH), new Segment(1000, 1000, FRESH),
				new Segment(2000, 1000, FRESH));
		assertThat(this.policy.plan(segments, List.of(), NOW).deletions()).isEmpty();
	}

	@Test
	void oldSegmentsGoByAgeButNeverTheActiveOne() {
		List<Segment> segments = List.of(new Segment(0, 10, OLD), new Segment(10, 10, OLD), new Segment(20, 10, OLD));
		RetentionPolicy.Plan plan = this.policy.plan(segments, List.of(), NOW);
		assertThat(plan.deletions()).containsExactly(new Deletion(0, "age"), new Deletion(10, "age"));
		assertThat(plan.refusal()).isNull();
	}

	@Test
	void ageIsStrictlyOlderThanMaxAge() {
		Instant exactlyMaxAge = NOW.minus(Duration.ofHours(1));
		List<Segment> segments = List.of(new Segment(0, 10, exactlyMaxAge), new Segment(10, 10, FRESH));
		assertThat(this.policy.plan(segments, List.of(), NOW).deletions()).isEmpty();
	}

	@Test
	void deletionStopsAtTheFirstSegmentThatIsNeitherTooBigNorTooOld() {
		List<Segment> segments = List.of(new Segment(0, 10, FRESH), new Segment(10, 10, OLD), new Segment(20, 10, OLD));
		assertThat(this.policy.plan(segments, List.of(), NOW).deletions()).isEmpty();
	}

	@Test
	void aSingleSegmentIsNeverDeleted() {
		List<Segment> segments = List.of(new Segment(0, 1_000_000, OLD));
		RetentionPolicy.Plan plan = this.policy.plan(segments, List.of(), NOW);
		assertThat(plan.deletions()).isEmpty();
		assertThat(plan.refusal()).isNull();
	}

	@Test
	void aHolderKeepsTheSegmentHoldingItsOffsetAndRefusesWhenThatIsTooBig() {
		RetentionPolicy.Plan plan = this.policy.plan(fourSegments(FRESH), List.of(new Hold("the relay", 999)), NOW);
		assertThat(plan.deletions()).isEmpty();
		assertThat(plan.refusal())
			.isEqualTo("the relay's backlog keeps the journal over ackgate.journal.retention.max-size (3000 bytes)");
	}

	@Test
	void aHolderAtTheNextSegmentsBaseLetsTheOlderOneGo() {
		RetentionPolicy.Plan plan = this.policy.plan(fourSegments(FRESH), List.of(new Hold("the relay", 1000)), NOW);
		assertThat(plan.deletions()).containsExactly(new Deletion(0, "size"));
		assertThat(plan.refusal()).isNull();
	}

	@Test
	void aHolderBlockingOnlyAgeRetentionRefusesNothing() {
		List<Segment> segments = List.of(new Segment(0, 10, OLD), new Segment(10, 10, OLD), new Segment(20, 10, OLD));
		RetentionPolicy.Plan plan = this.policy.plan(segments, List.of(new Hold("the relay", 15)), NOW);
		assertThat(plan.deletions()).containsExactly(new Deletion(0, "age"));
		assertThat(plan.refusal()).isNull();
	}

	@Test
	void withSeveralHoldersTheLowestOffsetCountsAndIsNamed() {
		List<Hold> holds = List.of(new Hold("the relay", 3000), new Hold("Kafka's local mode", 500),
				new Hold("a third", 2500));
		RetentionPolicy.Plan plan = this.policy.plan(fourSegments(OLD), holds, NOW);
		assertThat(plan.deletions()).isEmpty();
		assertThat(plan.refusal()).startsWith("Kafka's local mode's backlog keeps the journal over");
	}

	@Test
	void severalHoldersPastTheOldSegmentsLetThemGo() {
		List<Hold> holds = List.of(new Hold("the relay", 3000), new Hold("another", 2000));
		RetentionPolicy.Plan plan = this.policy.plan(fourSegments(OLD), holds, NOW);
		assertThat(plan.deletions()).containsExactly(new Deletion(0, "size"), new Deletion(1000, "age"));
		assertThat(plan.refusal()).isNull();
	}

	@Test
	void settingsGiveTheLimits() {
		JournalSettings settings = new JournalSettings(java.nio.file.Path.of("j"), FsyncPolicy.NONE,
				Duration.ofSeconds(1), 100, 12345, Duration.ofMinutes(7));
		assertThat(new RetentionPolicy(settings)).isEqualTo(new RetentionPolicy(12345, Duration.ofMinutes(7)));
	}

}
