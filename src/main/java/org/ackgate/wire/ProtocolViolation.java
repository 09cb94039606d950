package org.ackgate.wire;

import java.io.IOException;
import java.util.Locale;

/**
 * A peer broke the wire protocol; the connection that carried it is closed, every other one
 * is served on. The kind is the metric label, the message the one log line.
 */
public final class ProtocolViolation extends IOException {

	private static final long serialVersionUID = 1L;

	/** What went wrong, in the words operators see as metric labels. */
	public enum Kind {
		/** A message longer than the configured maximum. */
		OVERSIZE,
		/** A frame whose length field is below zero. */
		NEGATIVE_LENGTH,
		/** The stream ended inside a message: the peer vanished mid-message. */
		TRUNCATED,
		/** A connection from a load balancer did not begin with a valid PROXY protocol header in time. */
		PROXY_HEADER;

		/** The label used in metrics and logs, for example {@code negative_length}. */
		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	private final Kind kind;

	public ProtocolViolation(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	public Kind kind() {
		return this.kind;
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		// Expected peer behaviour: the stack is never logged, so don't pay for it.
		return this;
	}

}
