package org.ackgate.tcp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all connections of the event loops hold for messages not yet complete, bounded as a
 * whole. Each connection may hold up to its endpoint's {@code max-message-size}, and nothing else
 * bounded the sum: 9,000 clients each leaving 65,000 bytes of a line unfinished filled a 384 MiB
 * heap and ended the JVM (docs/deployment.md). A connection that would take the sum past the limit
 * is closed instead (reason {@code memory}). Connections whose messages arrive whole in each read
 * hold nothing here, and pay nothing: only a buffer kept between reads is counted.
 */
final class IncompleteMessageMemory {

	private final long limit;

	private final AtomicLong held = new AtomicLong();

	IncompleteMessageMemory(long limit) {
		this.limit = limit;
	}

	/** Half the heap the JVM may grow to: the rest is for everything else the service holds. */
	static long halfTheHeap() {
		return Runtime.getRuntime().maxMemory() / 2;
	}

	/** Takes {@code bytes} more, unless that would pass the limit. */
	boolean tryHold(long bytes) {
		while (true) {
			long now = this.held.get();
			if (now + bytes > this.limit) {
				return false;
			}
			if (this.held.compareAndSet(now, now + bytes)) {
				return true;
			}
		}
	}

	void release(long bytes) {
		this.held.addAndGet(-bytes);
	}

	long held() {
		return this.held.get();
	}

	long limit() {
		return this.limit;
	}

}
