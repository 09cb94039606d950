package org.ackgate.journal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a {@link Journal} needs, free of Spring.
 * @param directory where the segment files live
 * @param fsync when appended records are forced to the disk
 * @param fsyncInterval the force period for {@link FsyncPolicy#INTERVAL}
 * @param segmentSize a segment is closed and a new one started once it would grow past this
 * @param maxSize sealed segments are deleted, oldest first, while the journal is larger
 * @param maxAge sealed segments last written longer ago than this are deleted
 */
public record JournalSettings(Path directory, FsyncPolicy fsync, Duration fsyncInterval, long segmentSize,
		long maxSize, Duration maxAge) {
}
