package org.ackgate.client.bench;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

import org.ackgate.client.transport.ClientTarget;
import org.ackgate.client.transport.FailureMessages;

/**
 * One connection (or UDP socket) of a bench run, driven by the event loop that owns it: it sends
 * while its window and limits allow, matches each reply to its request, and ends when it has
 * nothing in flight and nothing more to send, or on a failure, which counts what was in flight as
 * lost.
 */
abstract class BenchConnection {

	protected final ClientTarget target;

	protected final BenchStats stats;

	protected BenchLimits limits;

	/** When each request in the window was sent, indexed by sequence modulo the pipeline. */
	protected final long[] sentAt;

	protected long sent;

	protected long replies;

	protected long lastReplyNanos;

	private SelectionKey key;

	private Selector selector;

	private boolean closed;

	private Runnable onClose = () -> {
	};

	BenchConnection(ClientTarget target, BenchStats stats, BenchLimits limits) {
		this.target = target;
		this.stats = stats;
		this.limits = limits;
		this.sentAt = new long[limits.pipeline()];
	}

	/** The limits of the run, known once it starts; the pipeline must be the one given at construction. */
	final void limits(BenchLimits runLimits) {
		this.limits = runLimits;
	}

	abstract SelectableChannel channel();

	/** Sends the first window. */
	abstract void start(long now) throws IOException;

	abstract void onReadable(long now) throws IOException;

	abstract void onWritable(long now) throws IOException;

	/** A connect started by the connection itself (a reconnect) can be finished. */
	void onConnectable(long now) throws IOException {
	}

	/** Called every few milliseconds: the reply timeout, and the end of a timed run. */
	abstract void tick(long now);

	/** Told once, when the connection closes; called on the loop's thread. */
	final void onClose(Runnable listener) {
		this.onClose = listener;
	}

	final void register(Selector selector) throws IOException {
		this.selector = selector;
		this.key = channel().register(selector, SelectionKey.OP_READ, this);
	}

	/**
	 * Puts {@code replacement} (a new connection to the same target) on the loop in place of the
	 * current channel, which has been closed.
	 * @param connecting whether its connect is still in progress
	 */
	final void reregister(SelectableChannel replacement, boolean connecting) throws IOException {
		this.key = replacement.register(this.selector, connecting ? SelectionKey.OP_CONNECT : SelectionKey.OP_READ, this);
	}

	final void interest(boolean writable) {
		if (!this.closed) {
			this.key.interestOps(SelectionKey.OP_READ | (writable ? SelectionKey.OP_WRITE : 0));
		}
	}

	final boolean isClosed() {
		return this.closed;
	}

	final long inFlight() {
		return this.sent - this.replies;
	}

	/** The oldest request in flight has waited longer than the timeout. */
	final boolean overdue(long now) {
		return inFlight() > 0 && now - this.sentAt[slot(this.replies)] > this.limits.timeoutNanos();
	}

	final int slot(long sequence) {
		return (int) (sequence % this.sentAt.length);
	}

	/** Records the reply to the oldest request in flight. */
	final void replied(long now, boolean matches) {
		this.stats.latency(now - this.sentAt[slot(this.replies)]);
		(matches ? this.stats.acked : this.stats.mismatched).increment();
		this.replies++;
		this.lastReplyNanos = now;
	}

	/** Requests that have no ack and count as lost if the connection fails now. */
	long unacked() {
		return inFlight();
	}

	/** Counts what is unacked as lost, records the error and closes. */
	final void fail(String description) {
		if (this.closed) {
			return;
		}
		this.stats.lost.add(unacked());
		this.replies = this.sent;
		this.stats.error(description);
		close();
	}

	final void fail(Throwable failure) {
		fail(FailureMessages.describe(failure, this.target));
	}

	/** An I/O failure on the loop's thread: ends the connection, unless it can carry on (see subclasses). */
	void failed(Throwable failure) {
		fail(failure);
	}

	final void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			channel().close();
		}
		catch (IOException ex) {
			// Closing a socket we are done with: nothing left to report.
		}
		this.onClose.run();
	}

	long lastReplyNanos() {
		return this.lastReplyNanos;
	}

}
