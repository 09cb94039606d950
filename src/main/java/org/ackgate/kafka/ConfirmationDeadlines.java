package org.ackgate.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Bounds the wait for the broker's confirmations without a timer per message: senders register
 * what they wait for with its deadline and wait untimed, and {@link #expire()}, run every
 * {@link #checkInterval(Duration)}, fails whatever is overdue with a {@link TimeoutException}.
 * A timed wait on a virtual thread arms and cancels a timeout in the JDK's delay scheduler for
 * every message; at tens of thousands of acks a second that scheduler's wake-ups cost more CPU than
 * the Kafka producer itself (docs/performance.md, "Kafka").
 */
final class ConfirmationDeadlines {

	private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();

	private final LongSupplier nanoTime;

	ConfirmationDeadlines(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/** How often overdue waits are failed: a tenth of the timeout, between 10 ms and 100 ms. */
	static Duration checkInterval(Duration timeout) {
		long tenth = timeout.toMillis() / 10;
		return Duration.ofMillis(Math.max(10, Math.min(100, tenth)));
	}

	/**
	 * Registers confirmations due within {@code timeout} of {@code start} (a {@link System#nanoTime()}
	 * reading); the list must not change afterwards. Release them once waited for.
	 */
	Waiting register(List<? extends CompletableFuture<?>> confirmations, long start, Duration timeout) {
		Waiting entry = new Waiting(confirmations, start + timeout.toNanos(), timeout);
		this.waiting.add(entry);
		return entry;
	}

	void release(Waiting entry) {
		this.waiting.remove(entry);
	}

	/** Fails every overdue confirmation that has not come; returns how many waits that ended. */
	int expire() {
		long now = this.nanoTime.getAsLong();
		int expired = 0;
		for (Waiting entry : this.waiting) {
			if (now - entry.deadline >= 0 && this.waiting.remove(entry)) {
				TimeoutException timeout = new TimeoutException("no confirmation within " + entry.timeout);
				entry.confirmations.forEach(confirmation -> confirmation.completeExceptionally(timeout));
				expired++;
			}
		}
		return expired;
	}

	/** Identity matters: two sends of equal lists are two waits. */
	static final class Waiting {

		private final List<? extends CompletableFuture<?>> confirmations;

		private final long deadline;

		private final Duration timeout;

		private Waiting(List<? extends CompletableFuture<?>> confirmations, long deadline, Duration timeout) {
			this.confirmations = confirmations;
			this.deadline = deadline;
			this.timeout = timeout;
		}

	}

}
