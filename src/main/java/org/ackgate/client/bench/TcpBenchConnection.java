package org.ackgate.client.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;

import org.ackgate.client.transport.ClientTarget;
import org.ackgate.client.transport.UnexpectedReplyException;

/**
 * A TCP connection of the bench: fills its window with requests (one write for all that fit),
 * cuts the acks with the protocol's codec as they arrive, checks each against its request, and
 * refills. A reply that is late by the timeout, a close by the server with requests in flight, or
 * bytes that are no ack end the connection.
 */
final class TcpBenchConnection extends BenchConnection {

	private static final int MIN_BUFFER = 16 * 1024;

	private final SocketChannel channel;

	private final BenchCodec codec;

	private ByteBuffer out;

	private final ReplyBuffer in;

	private final byte[] afterReply;

	private long now;

	TcpBenchConnection(ClientTarget target, SocketChannel channel, BenchCodec codec, BenchStats stats,
			BenchLimits limits) {
		super(target, stats, limits);
		this.channel = channel;
		this.codec = codec;
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
		if (read < 0) {
			fail(inFlight() > 0 ? "connection closed by " + this.target.address() + " with " + inFlight()
					+ " acks outstanding" : "connection closed by " + this.target.address());
			return;
		}
		if (isClosed()) {
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
		replied(this.now, this.codec.matches(sequence, reply));
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
	void tick(long now) {
		if (overdue(now)) {
			fail("no reply from " + this.target.address() + " within " + this.target.timeoutText());
		}
		else if (inFlight() == 0 && !this.limits.maySend(this.sent, now) && this.out.position() == 0) {
			close();
		}
	}

	private void fillAndWrite(long now) throws IOException {
		int request = this.codec.maxRequestLength();
		while (inFlight() < this.limits.pipeline() && this.out.remaining() >= request
				&& this.limits.maySend(this.sent, now)) {
			this.codec.writeRequest(this.out, this.sent);
			this.sentAt[slot(this.sent)] = now;
			this.sent++;
			this.stats.sent.increment();
		}
		this.out.flip();
		this.channel.write(this.out);
		boolean pending = this.out.hasRemaining();
		this.out.compact();
		if (!pending && inFlight() == 0 && !this.limits.maySend(this.sent, now)) {
			close();
			return;
		}
		interest(pending);
	}

}
