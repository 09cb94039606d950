package org.ackgate.client.transport;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * When a client sends again, on a new connection, what the server closed a connection without
 * acking: only after a close between replies ({@link ConnectionLoss}), and at most
 * {@code maxInARow} times without an ack in between, so a server that closes every connection
 * (or one that refuses them) ends the command instead of holding it forever. The first reconnect
 * is immediate, since ackgate closes a connection for its age right after an ack and is ready for
 * the next one; each further one in a row waits twice as long, from 100ms up to 2s. One per
 * connection; not thread-safe.
 */
public final class Reconnects {

	/** The default of {@code --max-reconnects}. */
	public static final int DEFAULT_MAX_IN_A_ROW = 3;

	static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

	private final int maxInARow;

	private int inARow;

	private volatile long total;

	/** @param maxInARow reconnects allowed without an ack in between; 0 never reconnects */
	public Reconnects(int maxInARow) {
		if (maxInARow < 0) {
			throw new IllegalArgumentException("maxInARow must not be negative, was " + maxInARow);
		}
		this.maxInARow = maxInARow;
	}

	/** A client that fails at the first close, as before reconnects existed. */
	public static Reconnects none() {
		return new Reconnects(0);
	}

	/**
	 * Decides what follows a failure and, when it is a reconnect, counts it.
	 * @return how long to wait before reconnecting, or {@code null} to report the failure
	 */
	public @Nullable Duration after(Throwable failure) {
		if (this.inARow >= this.maxInARow || !ConnectionLoss.isBetweenReplies(failure)) {
			return null;
		}
		this.inARow++;
		this.total++;
		return backoff(this.inARow);
	}

	/** An ack arrived: the connection works, the next close starts a new count. */
	public void acked() {
		this.inARow = 0;
	}

	/** Whether any reconnect is allowed at all. */
	public boolean allowsAny() {
		return this.maxInARow > 0;
	}

	/** Reconnects so far. */
	public long total() {
		return this.total;
	}

	/**
	 * What to add to the report of a failure {@link #after} refused: why no reconnect was tried,
	 * when a reconnect would have been tried but the limit was reached; empty otherwise.
	 */
	public String giveUpNote(Throwable failure) {
		if (this.maxInARow > 0 && this.inARow >= this.maxInARow && ConnectionLoss.isBetweenReplies(failure)) {
			return " (gave up after " + this.inARow + ((this.inARow == 1) ? " reconnect" : " reconnects")
					+ " in a row without an ack)";
		}
		return "";
	}

	/** The wait before the {@code attempt}th reconnect in a row (1 for the first). */
	static Duration backoff(int attempt) {
		if (attempt <= 1) {
			return Duration.ZERO;
		}
		int doublings = Math.min(attempt - 2, 16);
		Duration wait = FIRST_BACKOFF.multipliedBy(1L << doublings);
		return (wait.compareTo(MAX_BACKOFF) > 0) ? MAX_BACKOFF : wait;
	}

}
