package org.ackgate.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;

/**
 * The ack of a {@link LoopConnection}'s message that is not written when the flow sends it: the
 * flow ran off the loop, and the ack rides with the task that resumes the connection; or its
 * subscribers promised their confirmations, and the ack waits on the loop until they are kept.
 * Counted as sent only when written, with the latency from its message's decoding.
 */
final class HeldAck {

	private @Nullable ByteBuf ack;

	/** When the held ack's message was decoded, for the reply latency once it is written. */
	private long decodedAtNanos;

	boolean isEmpty() {
		return this.ack == null;
	}

	void hold(ByteBuf ack, long decodedAtNanos) {
		this.ack = ack;
		this.decodedAtNanos = decodedAtNanos;
	}

	/** Writes it, if one is held: flushed now, or with the rest of the read's acks. */
	void writeTo(Channel channel, boolean flush, ConnectionEvents events) {
		ByteBuf held = this.ack;
		if (held == null) {
			return;
		}
		this.ack = null;
		int length = held.readableBytes();
		if (flush) {
			channel.writeAndFlush(held, channel.voidPromise());
		}
		else {
			channel.write(held, channel.voidPromise());
		}
		long decodedAt = this.decodedAtNanos;
		events.replySent(length, (decodedAt != 0) ? System.nanoTime() - decodedAt : -1);
	}

	/** Drops it, if one is held: the connection closes, or a promise failed, so it is not sent. */
	void discard() {
		ByteBuf held = this.ack;
		if (held != null) {
			this.ack = null;
			held.release();
		}
	}

}
