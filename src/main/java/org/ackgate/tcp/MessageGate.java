package org.ackgate.tcp;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Between a message's hand-off and its ack, against a close for a timeout: whichever comes first
 * wins, atomically. The sweep decides that a connection is idle or slow by looking at it, and a
 * message may begin its flow between that look and the close; closed then, the message would be
 * handed off and its ack dropped, and the client, with no ack, would send it again: a duplicate.
 * With the gate, either the flow has begun and the close waits for the next sweep, or the close
 * came first and the message is not handed off (nor acked).
 */
final class MessageGate {

	private static final int BETWEEN_MESSAGES = 0;

	private static final int HANDLING = 1;

	private static final int CLOSED = 2;

	private final AtomicInteger state = new AtomicInteger(BETWEEN_MESSAGES);

	/** @return whether the message may be handed off; {@code false} once a timeout closed the connection */
	boolean enter() {
		return this.state.compareAndSet(BETWEEN_MESSAGES, HANDLING);
	}

	/** The ack is written, or the message failed: the connection is between messages again. */
	void leave() {
		this.state.compareAndSet(HANDLING, BETWEEN_MESSAGES);
	}

	/** Between handing a message off and writing its ack (or failing it). */
	boolean isHandling() {
		return this.state.get() == HANDLING;
	}

	/** @return whether a close for a timeout may go ahead: no message is handled, and none will be from now on */
	boolean closeBetweenMessages() {
		return this.state.compareAndSet(BETWEEN_MESSAGES, CLOSED) || this.state.get() == CLOSED;
	}

}
