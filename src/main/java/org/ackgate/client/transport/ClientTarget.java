package org.ackgate.client.transport;

import java.math.BigDecimal;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.ackgate.net.AddressText;

/**
 * Where a command connects and how long it waits, for the connect and for each reply.
 * @param host host name or address
 * @param port TCP or UDP port
 * @param timeout bound on the connect and on each reply
 * @param tls how to speak TLS, or {@code null} for plain TCP
 */
public record ClientTarget(String host, int port, Duration timeout, @Nullable ClientTls tls) {

	public ClientTarget(String host, int port, Duration timeout) {
		this(host, port, timeout, null);
	}

	/** The same target over TLS. */
	public ClientTarget withTls(ClientTls tls) {
		return new ClientTarget(this.host, this.port, this.timeout, tls);
	}

	/** {@code host:port}, with an IPv6 address in brackets, as diagnostics print it. */
	public String address() {
		return AddressText.hostAndPort(this.host, this.port);
	}

	/** The timeout as the user would write it, for example {@code 5s} or {@code 250ms}. */
	public String timeoutText() {
		return format(this.timeout);
	}

	/** The timeout in whole milliseconds, at least 1 (0 means "forever" to sockets). */
	public int timeoutMillis() {
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, this.timeout.toMillis()));
	}

	/** The shortest of {@code 5s}, {@code 250ms} or {@code 1.5s} that says exactly the duration (millisecond precision). */
	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		if (millis < 1000) {
			return millis + "ms";
		}
		return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
	}

}
