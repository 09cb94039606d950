package org.ackgate.udp;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Chrony's {@code ratelimit} model: per source address a token bucket that allows on average
 * one response per {@code 2^interval} seconds and bursts of up to {@code burst} responses; of
 * the requests over the limit, one in {@code 2^leak} is still answered (with a Kiss-o'-Death
 * {@code RATE} for NTP), so a spoofed victim's own client learns to back off. The table of
 * sources has a fixed size and forgets the least recently seen first, so a flood from any number
 * of addresses cannot grow the heap.
 */
public final class SourceRateLimiter {

	/** What to do with a request. */
	public enum Decision {

		/** Within the limit: answer. */
		ALLOW,
		/** Over the limit, but this one leaks through: answer NTP with a Kiss-o'-Death, drop text. */
		LEAK,
		/** Over the limit: drop. */
		DROP

	}

	private final long costNanos;

	private final long capacityNanos;

	private final int leakMask;

	private final LongSupplier nanoTime;

	private final Map<InetAddress, Bucket> sources;

	/**
	 * @param interval log2 of the minimum mean interval between responses, in seconds (-19 to 12)
	 * @param burst responses allowed at once
	 * @param leak log2 of how many limited requests there are per leaked one (0 to 4)
	 * @param tableSize the most sources tracked at once
	 * @param nanoTime a monotonic clock in nanoseconds
	 */
	public SourceRateLimiter(int interval, int burst, int leak, int tableSize, LongSupplier nanoTime) {
		this.costNanos = Math.max(1, Math.round(1e9 * Math.pow(2, interval)));
		this.capacityNanos = this.costNanos * burst;
		this.leakMask = (1 << leak) - 1;
		this.nanoTime = nanoTime;
		this.sources = new LinkedHashMap<>(Math.min(tableSize, 1024), 0.75f, true) {

			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
				return size() > tableSize;
			}

		};
	}

	public synchronized Decision check(InetAddress source) {
		long now = this.nanoTime.getAsLong();
		Bucket bucket = this.sources.get(source);
		if (bucket == null) {
			bucket = new Bucket(this.capacityNanos, now);
			this.sources.put(source, bucket);
		}
		bucket.credit = Math.min(this.capacityNanos, bucket.credit + Math.max(0, now - bucket.refilledAt));
		bucket.refilledAt = now;
		if (bucket.credit >= this.costNanos) {
			bucket.credit -= this.costNanos;
			return Decision.ALLOW;
		}
		return ((bucket.limited++ & this.leakMask) == this.leakMask) ? Decision.LEAK : Decision.DROP;
	}

	/** Sources tracked now; never more than the table size. */
	public synchronized int trackedSources() {
		return this.sources.size();
	}

	private static final class Bucket {

		long credit;

		long refilledAt;

		long limited;

		Bucket(long credit, long refilledAt) {
			this.credit = credit;
			this.refilledAt = refilledAt;
		}

	}

}
