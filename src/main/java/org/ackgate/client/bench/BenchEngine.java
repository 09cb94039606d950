package org.ackgate.client.bench;

import java.time.Duration;

/** How a bench run drives its connections: opened first, then all started at once, then awaited. */
public enum BenchEngine {

	/** Non-blocking sockets on a few event-loop threads (the default; see the package description). */
	SOCKET,
	/** One thread per connection sending through the client's {@code TcpOutboundGateway}; pipeline 1 only. */
	GATEWAY;

	public String label() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	/** One run's connections, opened and then driven. */
	interface Run extends AutoCloseable {

		/**
		 * Starts the load.
		 * @param limits when each connection stops, measured from the start
		 */
		void start(BenchLimits limits);

		/** @return whether every connection has finished within {@code wait} */
		boolean awaitEnd(Duration wait) throws InterruptedException;

		/** When the last reply of the run arrived ({@link System#nanoTime()}), 0 when none did. */
		long lastReplyNanos();

		@Override
		void close();

	}

}
