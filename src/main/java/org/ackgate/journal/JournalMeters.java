package org.ackgate.journal;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The journal's meters ({@code ackgate_journal_*}): records and bytes appended, forces, the
 * group commit's batch sizes, segments and their bytes, failed appends, recovery truncations.
 */
final class JournalMeters implements JournalEvents {

	private final Counter appends;

	private final Counter bytes;

	private final Counter fsyncs;

	private final DistributionSummary groupSize;

	private final Counter failures;

	private final Counter truncations;

	private final AtomicLong segments = new AtomicLong();

	private final AtomicLong segmentBytes = new AtomicLong();

	JournalMeters(MeterRegistry registry) {
		this.appends = Counter.builder("ackgate.journal.appends")
			.description("Records appended to the journal")
			.register(registry);
		this.bytes = Counter.builder("ackgate.journal.bytes")
			.description("Bytes of records appended to the journal, headers included")
			.register(registry);
		this.fsyncs = Counter.builder("ackgate.journal.fsyncs")
			.description("Forces of journal data to disk")
			.register(registry);
		this.groupSize = DistributionSummary.builder("ackgate.journal.group.size")
			.description("Records written (and forced) together by one group commit")
			.serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
			.register(registry);
		this.failures = Counter.builder("ackgate.journal.append.failures")
			.description("Group commits that failed: their messages got no ack")
			.register(registry);
		this.truncations = Counter.builder("ackgate.journal.recovery.truncations")
			.description("Torn or corrupt tails cut off at startup")
			.register(registry);
		Gauge.builder("ackgate.journal.segments", this.segments, AtomicLong::get)
			.description("Journal segment files")
			.register(registry);
		Gauge.builder("ackgate.journal.size", this.segmentBytes, AtomicLong::get)
			.description("Bytes of all journal segment files")
			.baseUnit("bytes")
			.register(registry);
	}

	@Override
	public void written(int records, long bytes, boolean forced) {
		this.appends.increment(records);
		this.bytes.increment(bytes);
		this.segmentBytes.addAndGet(bytes);
		this.groupSize.record(records);
		if (forced) {
			this.fsyncs.increment();
		}
	}

	@Override
	public void forced() {
		this.fsyncs.increment();
	}

	@Override
	public void failed(String reason) {
		this.failures.increment();
	}

	@Override
	public void segments(int count, long bytes) {
		this.segments.set(count);
		this.segmentBytes.set(bytes);
	}

	@Override
	public void tailTruncated(Path segment, long position, long bytesRemoved, String problem) {
		this.truncations.increment();
	}

}
