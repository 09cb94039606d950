package org.ackgate.wire;

/**
 * Sizes both sides of a connection agree on: the service refuses a {@code max-message-size}
 * above {@link #MAX_MESSAGE_BYTES}, and the client sizes its reads of acks and its load from it.
 */
public final class MessageLimits {

	/** The largest message any TCP endpoint can be configured to take: 16 MiB. */
	public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

	private MessageLimits() {
	}

}
