package org.ackgate.client.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;

import org.ackgate.client.transport.ClientTarget;

/**
 * A UDP socket of the bench, connected to the server as the tutorial's UDP time client is: sends up to the
 * pipeline's datagrams, takes each reply (a time, checked for its shape) as the answer to the
 * oldest datagram in flight, and counts datagrams whose reply is late by the timeout as lost —
 * UDP loses datagrams, so a loss is counted, not fatal; but a socket that hears nothing at all for
 * twice the timeout gives up, so a dead server ends the run. A reply with nothing in flight (a
 * late one) is ignored.
 */
final class UdpBenchConnection extends BenchConnection {

	private final DatagramChannel channel;

	private final ByteBuffer request;

	private final ByteBuffer reply = ByteBuffer.allocate(65536);

	/** When the last reply (or the start) was: a socket that hears nothing for twice the timeout gives up. */
	private long lastHeard;

	UdpBenchConnection(ClientTarget target, DatagramChannel channel, int connection, int size, BenchStats stats,
			BenchLimits limits) {
		super(target, stats, limits);
		this.channel = channel;
		this.request = ByteBuffer.wrap(new BenchPayload(connection, size).forSequence(0).clone());
	}

	@Override
	SelectableChannel channel() {
		return this.channel;
	}

	@Override
	void start(long now) throws IOException {
		this.lastHeard = now;
		send(now);
	}

	@Override
	void onReadable(long now) throws IOException {
		while (true) {
			this.reply.clear();
			if (this.channel.read(this.reply) <= 0) {
				break;
			}
			this.lastHeard = now;
			if (inFlight() > 0) {
				replied(now, TimeReply.isTime(this.reply.array(), this.reply.position()));
			}
		}
		send(now);
	}

	@Override
	void onWritable(long now) throws IOException {
		send(now);
	}

	@Override
	void tick(long now) {
		if (overdue(now)) {
			if (now - this.lastHeard > 2 * this.limits.timeoutNanos()) {
				fail("no reply from " + this.target.address() + " for twice the timeout of " + this.target.timeoutText());
				return;
			}
			this.stats.lost.add(inFlight());
			this.replies = this.sent;
			try {
				send(now);
			}
			catch (IOException ex) {
				fail(ex);
			}
		}
		else if (inFlight() == 0 && !this.limits.maySend(this.sent, now)) {
			close();
		}
	}

	private void send(long now) throws IOException {
		boolean blocked = false;
		while (inFlight() < this.limits.pipeline() && this.limits.maySend(this.sent, now)) {
			this.request.rewind();
			if (this.channel.write(this.request) == 0) {
				blocked = true;
				break;
			}
			this.sentAt[slot(this.sent)] = now;
			this.sent++;
			this.stats.sent.increment();
		}
		if (!blocked && inFlight() == 0 && !this.limits.maySend(this.sent, now)) {
			close();
			return;
		}
		interest(blocked);
	}

}
