package org.ackgate.tcp;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a connection has lived long enough to be closed at its next message boundary
 * ({@code max-connection-age}, as gRPC's {@code MAX_CONNECTION_AGE}): each connection's limit is
 * spread by the jitter, so connections opened together (after a restart) are not closed together.
 */
final class ConnectionAge {

	/** How long a connection closed for its age waits for the client to close its side after the last ack. */
	static final Duration LINGER = Duration.ofSeconds(2);

	private ConnectionAge() {
	}

	/**
	 * @param openedNanos {@link System#nanoTime()} when the connection was accepted
	 * @param jitterPercent how far the limit is spread, in percent either way
	 * @return the {@link System#nanoTime()} after which it closes, or 0 for never
	 */
	static long deadline(long openedNanos, Duration maxAge, int jitterPercent) {
		if (maxAge.isZero()) {
			return 0;
		}
		double spread = (jitterPercent / 100.0) * ThreadLocalRandom.current().nextDouble(-1.0, 1.0);
		long age = Math.max(1, (long) (maxAge.toNanos() * (1.0 + spread)));
		return (openedNanos + age) | 1;
	}

	static boolean isDue(long deadlineNanos, long nowNanos) {
		return deadlineNanos != 0 && nowNanos - deadlineNanos > 0;
	}

}
