package org.ackgate.tcp;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the ack endpoints (line and framed) read and write their connections. The endpoints that
 * write on connect (time, RFC 868) are served a thread per connection either way: they read
 * nothing per message, so an event loop would buy them nothing.
 * @param transport {@code event-loop} (default): Netty's event loops (epoll on Linux) read every
 * connection and run the flow inline, off the loop when a subscriber of {@code ackgate.messages}
 * waits for something (the journal, the relay's upstream, Kafka); {@code blocking}: a thread per
 * connection reads it, as the tutorial servers do with a goroutine each. The default is the
 * faster one in docs/performance.md's measurements
 * @param loopThreads the event loops that serve connections; 0 (default): one per available processor
 * @param loopIo how the event loops wait for and move bytes: {@code auto} (default) takes io_uring
 * where the kernel and the seccomp profile allow it (Linux 5.1+), else epoll (Linux), else the JDK's
 * NIO selector; {@code io-uring}, {@code epoll} or {@code nio} insists on one, and startup fails
 * naming this property when it is not available
 * @param acceptQueues listening sockets per event-loop port, sharing it with {@code SO_REUSEPORT}; the
 * kernel spreads new connections over them, and each has an accept queue of the endpoint's
 * {@code backlog}, so a connect storm that outruns a freshly started JVM's accepts waits in the
 * queues instead of overflowing one and waiting for the client's SYN retry (1 s). Default 2; 1: a
 * single socket without {@code SO_REUSEPORT}. Linux only (io_uring and epoll); on NIO always 1
 * @param incompleteMessageMemory the most all TCP connections together may hold for messages not
 * yet complete, on either transport (each holds at most its endpoint's {@code max-message-size}); a
 * connection that would take the sum past it is closed (reason {@code memory}), and the heap stays
 * whole. Default {@code 0}: half the heap the JVM may grow to ({@code -Xmx}, or its share of the
 * container's memory)
 */
@ConfigurationProperties("ackgate.tcp")
@Validated
public record TransportProperties(@DefaultValue("event-loop") @NotNull Transport transport,
		@DefaultValue("0") @Min(0) int loopThreads, @DefaultValue("auto") @NotNull LoopIo loopIo,
		@DefaultValue("2") @Min(1) @Max(16) int acceptQueues,
		@DefaultValue("0") @NotNull DataSize incompleteMessageMemory) {

	public TransportProperties {
		if (incompleteMessageMemory != null && incompleteMessageMemory.toBytes() < 0) {
			throw new IllegalArgumentException(
					"ackgate.tcp.incomplete-message-memory must be 0 (half the heap) or more, was " + incompleteMessageMemory);
		}
	}

	/** {@code incompleteMessageMemory} in bytes, {@code 0} read as half the heap. */
	public long incompleteMessageBytes() {
		return (this.incompleteMessageMemory.toBytes() > 0) ? this.incompleteMessageMemory.toBytes()
				: IncompleteMessageMemory.halfTheHeap();
	}

	/** Which transport serves the ack endpoints. */
	public enum Transport {

		/** A thread per connection. */
		BLOCKING,
		/** Event loops, with the flow run on the loop. */
		EVENT_LOOP

	}

	/** What the event loops are built on. */
	public enum LoopIo {

		/** The fastest one available: io_uring, else epoll, else NIO. */
		AUTO,
		/** Linux's io_uring: reads and writes submitted and completed in batches through shared rings. */
		IO_URING,
		/** Linux's epoll. */
		EPOLL,
		/** The JDK's selector, on any platform. */
		NIO

	}

}
