package org.ackgate.tcp;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets at most {@code burst} log lines per peer address through in each window, so a broken
 * client that reconnects and misbehaves in a loop cannot flood the log; the first line allowed
 * after a suppression says how many were held back. Only logging is limited: callers count
 * every event before asking. The table of peers is bounded: when full, peers whose window has
 * passed are forgotten, and a peer that still finds no room shares one slot with the others.
 */
final class PeerLogLimiter {

	/** Peers beyond the table's capacity share this key, so the total rate stays bounded. */
	static final String OVERFLOW = "*";

	private final int burst;

	private final long windowNanos;

	private final int capacity;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	PeerLogLimiter(int burst, Duration window, int capacity) {
		this.burst = burst;
		this.windowNanos = window.toNanos();
		this.capacity = capacity;
	}

	/**
	 * Whether a line for this peer may be logged now.
	 * @param host the peer's address without the port, since a reconnecting client changes ports
	 * @return {@code -1} when the line is to be suppressed, otherwise how many lines for this peer
	 * were suppressed since the last one logged (usually 0)
	 */
	long tryAcquire(String host, long nowNanos) {
		Window window = this.windows.get(host);
		if (window == null) {
			if (this.windows.size() >= this.capacity) {
				this.windows.values().removeIf(candidate -> candidate.expired(nowNanos, this.windowNanos));
			}
			window = (this.windows.size() < this.capacity)
					? this.windows.computeIfAbsent(host, key -> new Window(nowNanos))
					: this.windows.computeIfAbsent(OVERFLOW, key -> new Window(nowNanos));
		}
		return window.tryAcquire(nowNanos, this.windowNanos, this.burst);
	}

	/** The host part of a {@code host:port} or {@code [v6]:port} peer. */
	static String hostOf(String peer) {
		int colon = peer.lastIndexOf(':');
		return (colon > 0 && peer.indexOf(']') < colon) ? peer.substring(0, colon) : peer;
	}

	/** One peer's current window: when it started, lines allowed in it, lines suppressed. */
	private static final class Window {

		private long startNanos;

		private int used;

		private long suppressed;

		Window(long startNanos) {
			this.startNanos = startNanos;
		}

		synchronized long tryAcquire(long nowNanos, long windowNanos, int burst) {
			if (nowNanos - this.startNanos >= windowNanos) {
				this.startNanos = nowNanos;
				this.used = 0;
			}
			if (this.used >= burst) {
				this.suppressed++;
				return -1;
			}
			this.used++;
			long held = this.suppressed;
			this.suppressed = 0;
			return held;
		}

		synchronized boolean expired(long nowNanos, long windowNanos) {
			return nowNanos - this.startNanos >= windowNanos;
		}

	}

}
