package org.ackgate.client;

import java.time.Duration;

/**
 * Where a command connects and how long it waits, for the connect and for each reply.
 * @param host host name or address
 * @param port TCP or UDP port
 * @param timeout bound on the connect and on each reply
 */
public record ClientTarget(String host, int port, Duration timeout) {

	/** {@code host:port}, with an IPv6 address in brackets, as diagnostics print it. */
	public String address() {
		return (this.host.indexOf(':') >= 0 ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

	/** The timeout as the user would write it, for example {@code 5s} or {@code 250ms}. */
	public String timeoutText() {
		return DurationConverter.format(this.timeout);
	}

	/** The timeout in whole milliseconds, at least 1 (0 means "forever" to sockets). */
	public int timeoutMillis() {
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, this.timeout.toMillis()));
	}

}
