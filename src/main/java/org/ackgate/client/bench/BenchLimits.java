package org.ackgate.client.bench;

/**
 * When a connection may send and how long it waits: at most {@code pipeline} requests in flight,
 * {@code messagesPerConnection} in all (0: no limit), nothing new after the deadline, and each
 * reply within the timeout.
 * @param pipeline requests in flight per connection
 * @param messagesPerConnection requests per connection, 0 for no limit
 * @param hasDeadline whether {@code deadlineNanos} applies
 * @param deadlineNanos {@link System#nanoTime()} after which no request starts
 * @param timeoutNanos how long a reply may take
 */
record BenchLimits(int pipeline, long messagesPerConnection, boolean hasDeadline, long deadlineNanos,
		long timeoutNanos) {

	boolean maySend(long sent, long now) {
		return (this.messagesPerConnection == 0 || sent < this.messagesPerConnection)
				&& (!this.hasDeadline || now - this.deadlineNanos < 0);
	}

}
