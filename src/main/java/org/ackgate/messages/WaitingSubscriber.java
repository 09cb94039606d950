package org.ackgate.messages;

import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Declares that a subscriber of {@code ackgate.messages} waits for something besides the CPU
 * before it returns (a disk, a broker, an upstream server), so a message's flow must not run
 * on a thread that serves other connections: the event-loop transport runs it off the loop,
 * unless every such subscriber can promise its confirmation instead ({@link Confirmations}).
 * @param what the subscriber, in words for the startup log
 * @param promisesNow whether, at this moment, it would promise its confirmation without waiting
 * for anything (not even to hand the message over); {@code null} when it never promises
 */
public record WaitingSubscriber(String what, @Nullable BooleanSupplier promisesNow) {

	/** A subscriber that always waits. */
	public WaitingSubscriber(String what) {
		this(what, null);
	}

}
