package org.ackgate.journal;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The durable journal every accepted message is appended to before its ack (docs/journal.md).
 * @param enabled append every accepted message before its ack is written
 * @param directory where the segment files live; created when missing
 * @param fsync {@code always}: ack after the record is forced to disk (concurrent records share one force);
 * {@code interval}: ack after the write, force every {@code fsync-interval}; {@code none}: the operating system decides
 * @param fsyncInterval how often {@code interval} forces
 * @param segmentSize a new segment file is started when the current one would grow past this (4KB to 1GB)
 * @param retention when sealed segments are deleted
 */
@ConfigurationProperties("ackgate.journal")
@Validated
public record JournalProperties(
		@DefaultValue("false") boolean enabled,
		@DefaultValue("journal") @NotBlank String directory,
		@DefaultValue("always") @NotNull FsyncPolicy fsync,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration fsyncInterval,
		@DefaultValue("64MB") @NotNull DataSize segmentSize,
		@DefaultValue @NotNull @Valid Retention retention) {

	static final DataSize MIN_SEGMENT_SIZE = DataSize.ofKilobytes(4);

	static final DataSize MAX_SEGMENT_SIZE = DataSize.ofGigabytes(1);

	public JournalProperties {
		if (segmentSize != null && (segmentSize.compareTo(MIN_SEGMENT_SIZE) < 0
				|| segmentSize.compareTo(MAX_SEGMENT_SIZE) > 0)) {
			throw new IllegalArgumentException("ackgate.journal.segment-size must be between 4KB and 1GB, was "
					+ segmentSize);
		}
		if (segmentSize != null && retention != null && retention.maxSize() != null
				&& retention.maxSize().toBytes() < 2 * segmentSize.toBytes()) {
			throw new IllegalArgumentException("ackgate.journal.retention.max-size (" + retention.maxSize()
					+ ") must be at least twice ackgate.journal.segment-size (" + segmentSize + ")");
		}
	}

	/**
	 * Retention of sealed segments; the segment being written is never deleted, nor, with the relay's
	 * {@code local} ack mode, a segment holding records not yet forwarded.
	 * @param maxSize sealed segments are deleted, oldest first, while all segments together are larger
	 * @param maxAge sealed segments last written longer ago than this are deleted
	 */
	public record Retention(
			@DefaultValue("1GB") @NotNull DataSize maxSize,
			@DefaultValue("7d") @NotNull @DurationMin(seconds = 1) Duration maxAge) {
	}

	JournalSettings settings() {
		return new JournalSettings(Path.of(this.directory), this.fsync, this.fsyncInterval, this.segmentSize.toBytes(),
				this.retention.maxSize().toBytes(), this.retention.maxAge());
	}

}
