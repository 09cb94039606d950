package org.ackgate.proxy;

import java.io.IOException;
import java.util.Locale;

/**
 * A connection from a balancer did not begin with a well-formed PROXY header in time; it is
 * closed. The kind says how it failed, the message what was seen, for the one log line.
 */
public final class ProxyHeaderViolation extends IOException {

	private static final long serialVersionUID = 1L;

	/** How the header failed. */
	public enum Kind {
		/** The first bytes are neither the v1 nor the v2 signature: the balancer sends no header. */
		MISSING,
		/** A signature, then something the protocol does not allow. */
		MALFORMED,
		/** A v1 line over 107 bytes, or a v2 header longer than the bound. */
		OVERSIZE,
		/** The stream ended inside the header. */
		TRUNCATED,
		/** The header did not arrive within the header timeout. */
		LATE;

		/** The word used in log lines, for example {@code malformed}. */
		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	private final Kind kind;

	public ProxyHeaderViolation(Kind kind, String message) {
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
