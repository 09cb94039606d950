package org.ackgate.tcp;

import java.util.concurrent.atomic.AtomicLong;

import org.ackgate.wire.MessageMemory;

/**
 * The bytes all TCP connections hold for messages not yet complete, bounded as a whole, one for
 * the service whichever transport serves it. Each connection may hold up to its endpoint's
 * {@code max-message-size}, and nothing else bounded the sum: 9,000 clients each leaving 65,000
 * bytes of a line unfinished filled a 384 MiB heap and ended the JVM (docs/deployment.md). A
 * connection that would take the sum past the limit is closed instead (reason {@code memory}).
 * Connections whose messages arrive whole in each read hold nothing here, and pay nothing: on the
 * event loops only a buffer kept between reads is counted; a thread per connection counts its read
 * buffer once grown past its first size (given back between messages when nothing more is on its
 * way), a message gathered over several reads, and a frame whose rest has not arrived
 * ({@link org.ackgate.wire.FrameInput}).
 */
final class IncompleteMessageMemory implements MessageMemory {

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
	@Override
	public boolean tryHold(long bytes) {
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

	@Override
	public void release(long bytes) {
		this.held.addAndGet(-bytes);
	}

	long limit() {
		return this.limit;
	}

	/** Why a connection refused more was closed, for its close line. */
	String closeDetail() {
		return "its incomplete message was dropped: the incomplete messages of all connections would hold more than "
				+ "ackgate.tcp.incomplete-message-memory (" + this.limit + " bytes)";
	}

}
