package org.ackgate.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import org.ackgate.client.transport.ClientTarget;
import org.ackgate.client.transport.FailureMessages;
import org.ackgate.client.transport.PeerClosedException;
import org.ackgate.client.transport.Reconnects;
import org.ackgate.client.transport.UnexpectedReplyException;

/**
 * A TCP connection of the bench: fills its window with requests (one write for all that fit),
 * cuts the acks with the protocol's codec as they arrive, checks each against its request, and
 * refills. A reply that is late by the timeout, or bytes that are no ack, end the connection. When
 * the server ends it between acks (closed or reset with no part of a reply pending, as ackgate's
 * {@code max-connection-age} does), it connects again, without blocking its loop, and sends the
 * requests that got no ack first, as {@link Reconnects} allows; each request counts as sent once.
 */
final class TcpBenchConnection extends BenchConnection {

	private static final int MIN_BUFFER = 16 * 1024;

	private final InetSocketAddress address;

	private SocketChannel channel;

	private final BenchCodec codec;

	private final Reconnects reconnects;

	private ByteBuffer out;

	private final ReplyBuffer in;

	private final byte[] afterReply;

	private long now;

	/** Requests counted as sent: a request below this sequence number goes again after a reconnect. */
	private long issued;

	/** When the pending reconnect starts ({@link System#nanoTime()}); meaningful while {@link #awaitingReconnect}. */
	private long reconnectAt;

	private boolean awaitingReconnect;

	/** When the connect in progress started; meaningful while {@link #connecting}. */
	private long connectStarted;

	private boolean connecting;

	TcpBenchConnection(ClientTarget target, InetSocketAddress address, SocketChannel channel, BenchCodec codec,
			Reconnects reconnects, BenchStats stats, BenchLimits limits) {
		super(target, stats, limits);
		this.address = address;
		this.channel = channel;
		this.codec = codec;
		this.reconnects = reconnects;
		this.afterReply = codec.afterReply();
		int receipts = (this.afterReply != null) ? this.afterReply.length * limits.pipeline() : 0;
		this.out = ByteBuffer.allocate(Math.max(MIN_BUFFER, codec.maxRequestLength()) + receipts);
		this.in = new ReplyBuffer(codec.replies(), Math.max(MIN_BUFFER, 2 * codec.maxRequestLength()));
	}

	@Override
	SelectableChannel channel() {
		return this.channel;
	}

	@Override
	long unacked() {
		return this.issued - this.replies;
	}

	@Override
	void start(long now) throws IOException {
		fillAndWrite(now);
	}

	@Override
	void onReadable(long now) throws IOException {
		int read = this.channel.read(this.in.writable());
		this.now = now;
		try {
			this.in.drain(this::onReply);
		}
		catch (UnexpectedReplyException ex) {
			// Not the ack: that reply is mismatched, and nothing after it can be cut reliably.
			replied(now, false);
			fail(ex);
			return;
		}
		if (isClosed()) {
			return;
		}
		if (read < 0) {
			lost(now, new PeerClosedException());
			return;
		}
		fillAndWrite(now);
	}

	private void onReply(byte[] reply) {
		if (inFlight() == 0) {
			fail("unsolicited reply from " + this.target.address());
			return;
		}
		long sequence = this.replies;
		boolean matches = this.codec.matches(sequence, reply);
		replied(this.now, matches);
		if (matches) {
			this.reconnects.acked();
		}
		if (this.afterReply != null) {
			if (this.out.remaining() < this.afterReply.length) {
				this.out = ByteBuffer.allocate(this.out.capacity() * 2).put(this.out.flip());
			}
			this.out.put(this.afterReply);
		}
	}

	@Override
	void onWritable(long now) throws IOException {
		fillAndWrite(now);
	}

	@Override
	void onConnectable(long now) throws IOException {
		if (!this.channel.finishConnect()) {
			return;
		}
		this.connecting = false;
		fillAndWrite(now);
	}

	@Override
	void failed(Throwable failure) {
		lost(System.nanoTime(), failure);
	}

	@Override
	void tick(long now) {
		if (this.awaitingReconnect) {
			if (now - this.reconnectAt >= 0) {
				this.awaitingReconnect = false;
				reconnect(now);
			}
		}
		else if (this.connecting) {
			if (now - this.connectStarted > this.limits.timeoutNanos()) {
				fail("timed out connecting to " + this.target.address() + " after " + this.target.timeoutText());
			}
		}
		else if (overdue(now)) {
			fail("no reply from " + this.target.address() + " within " + this.target.timeoutText());
		}
		else if (inFlight() == 0 && !hasMoreToSend(now) && this.out.position() == 0) {
			close();
		}
	}

	/**
	 * The server ended the connection, or it failed: carry on over a new one when the server ended
	 * it between acks and the reconnects allow, else fail.
	 */
	private void lost(long now, Throwable failure) {
		if (isClosed()) {
			return;
		}
		if (this.in.hasPartialReply()) {
			fail(failure instanceof PeerClosedException
					? "connection closed by " + this.target.address() + " in the middle of a reply" : describe(failure));
			return;
		}
		Duration wait = this.reconnects.after(failure);
		if (wait == null) {
			fail(describe(failure) + this.reconnects.giveUpNote(failure));
			return;
		}
		this.stats.reconnects.increment();
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Replacing a connection the server already ended: nothing left to report.
		}
		// What the server did not ack goes again, first, on the new connection; a pending receipt is moot.
		this.sent = this.replies;
		this.out.clear();
		this.in.clear();
		this.connecting = false;
		this.reconnectAt = now + wait.toNanos();
		this.awaitingReconnect = true;
		if (wait.isZero()) {
			this.awaitingReconnect = false;
			reconnect(now);
		}
	}

	private void reconnect(long now) {
		SocketChannel replacement = null;
		try {
			replacement = SocketChannel.open();
			replacement.configureBlocking(false);
			replacement.setOption(StandardSocketOptions.TCP_NODELAY, true);
			boolean connected = replacement.connect(this.address);
			this.channel = replacement;
			reregister(replacement, !connected);
			this.connecting = !connected;
			this.connectStarted = now;
			if (connected) {
				fillAndWrite(now);
			}
		}
		catch (IOException | RuntimeException ex) {
			if (replacement != null && this.channel != replacement) {
				try {
					replacement.close();
				}
				catch (IOException closing) {
					// Never connected: nothing to report beyond the failure itself.
				}
			}
			lost(now, ex);
		}
	}

	private String describe(Throwable failure) {
		if (failure instanceof PeerClosedException) {
			return (inFlight() > 0) ? "connection closed by " + this.target.address() + " with " + inFlight()
					+ " acks outstanding" : "connection closed by " + this.target.address();
		}
		if (failure instanceof SocketTimeoutException) {
			return "timed out connecting to " + this.target.address() + " after " + this.target.timeoutText();
		}
		return FailureMessages.describe(failure, this.target);
	}

	/** Whether a request is still to be written: one the server did not ack before a reconnect, or a new one. */
	private boolean hasMoreToSend(long now) {
		return this.sent < this.issued || this.limits.maySend(this.sent, now);
	}

	private void fillAndWrite(long now) throws IOException {
		int request = this.codec.maxRequestLength();
		while (inFlight() < this.limits.pipeline() && this.out.remaining() >= request && hasMoreToSend(now)) {
			this.codec.writeRequest(this.out, this.sent);
			this.sentAt[slot(this.sent)] = now;
			if (this.sent == this.issued) {
				this.issued++;
				this.stats.sent.increment();
			}
			else {
				this.stats.resent.increment();
			}
			this.sent++;
		}
		this.out.flip();
		this.channel.write(this.out);
		boolean pending = this.out.hasRemaining();
		this.out.compact();
		if (!pending && inFlight() == 0 && !hasMoreToSend(now)) {
			close();
			return;
		}
		interest(pending);
	}

}
