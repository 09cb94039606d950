package org.ackgate.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;

/**
 * Socket addresses as an operator writes them: {@code 127.0.0.1:8080}, {@code [::1]:8080} with
 * IPv6 in the RFC 5952 short form, and {@code *:8080} for a listener on every address, IPv4 and
 * IPv6. No name lookups: the text is built from the address bytes.
 */
public final class AddressText {

	private AddressText() {
	}

	/** An address without the port: {@code 127.0.0.1}, {@code ::1}, {@code 2001:db8::1}. */
	public static String host(InetAddress address) {
		return NetUtil.toAddressString(address);
	}

	/** An address as it stands before a port: {@code 127.0.0.1}, {@code [::1]}. */
	public static String bracketed(InetAddress address) {
		String host = host(address);
		return (host.indexOf(':') >= 0) ? "[" + host + "]" : host;
	}

	/** {@code 127.0.0.1:37026} or {@code [::1]:37026}. */
	public static String of(InetAddress address, int port) {
		return hostAndPort(host(address), port);
	}

	/** A peer's or an upstream's address; an unresolved one as it was written. */
	public static String of(InetSocketAddress address) {
		InetAddress resolved = address.getAddress();
		return (resolved != null) ? of(resolved, address.getPort()) : hostAndPort(address.getHostString(), address.getPort());
	}

	/**
	 * A host name or address as configured, and a port: an IPv6 address in brackets, so the port
	 * stays apart from it.
	 */
	public static String hostAndPort(String host, int port) {
		boolean bare = host.indexOf(':') >= 0 && !host.startsWith("[");
		return (bare ? "[" + host + "]" : host) + ":" + port;
	}

	/** Where a listener is bound: {@code *:8080} when on every address (null or a wildcard). */
	public static String listening(@Nullable InetAddress bound, int port) {
		return (bound == null || bound.isAnyLocalAddress()) ? "*:" + port : of(bound, port);
	}

}
