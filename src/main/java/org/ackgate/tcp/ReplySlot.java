package org.ackgate.tcp;

import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

/**
 * Where an ack endpoint's flow leaves its reply for {@link DirectReplyInboundGateway}: one per
 * connection, named in the {@code replyChannel} header of every message the connection maps, and
 * reused, because a connection has at most one message in its flow at a time. It replaces the
 * temporary reply channel and the copy of the request's headers that Spring Integration's
 * gateway makes for every message (docs/performance.md, Per-message costs).
 * <p>
 * The time endpoint's messages carry one too and never use it: their flows end in an outbound
 * adapter, not a reply.
 */
final class ReplySlot implements MessageChannel {

	private final BooleanSupplier connectionOpen;

	private volatile @Nullable Message<?> reply;

	/** @param connectionOpen whether the connection can still take a reply */
	ReplySlot(BooleanSupplier connectionOpen) {
		this.connectionOpen = connectionOpen;
	}

	/** Whether the connection can still take a reply: not closed, nor closing, since the message came. */
	boolean connectionOpen() {
		return this.connectionOpen.getAsBoolean();
	}

	@Override
	public boolean send(Message<?> message, long timeout) {
		this.reply = message;
		return true;
	}

	/** The reply the flow left since the last call, if any; the slot is empty afterwards. */
	@Nullable Message<?> take() {
		Message<?> taken = this.reply;
		this.reply = null;
		return taken;
	}

	@Override
	public String toString() {
		return "the connection's reply slot";
	}

}
