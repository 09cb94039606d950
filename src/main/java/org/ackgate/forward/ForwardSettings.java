package org.ackgate.forward;

import java.time.Duration;

/**
 * How a {@link JournalForwarder} runs.
 * @param name names the forwarder's thread ({@code NAME-forwarder}) and cursor file ({@code NAME.cursor})
 * @param batchSize records delivered at once at most; a failed batch is delivered again whole
 * @param initialBackoff the pause after the first failed delivery, doubling on each further one
 * @param maxBackoff the longest pause
 * @param stopTimeout how long stopping waits for a delivery in progress
 */
public record ForwardSettings(String name, int batchSize, Duration initialBackoff, Duration maxBackoff,
		Duration stopTimeout) {
}
