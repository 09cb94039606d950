package org.ackgate.proxy;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * What a PROXY header says about the connection it precedes.
 * @param version 1 for the text form, 2 for the binary one
 * @param source the real client, or {@code null} when the connection keeps the balancer's
 * address: v1 {@code UNKNOWN}, the v2 {@code LOCAL} command (a balancer's own health check), a
 * v2 {@code UNIX} or unspecified family
 * @param destination the address the client connected to on the balancer, {@code null} with the source
 */
public record ProxyHeader(int version, @Nullable InetSocketAddress source, @Nullable InetSocketAddress destination) {

	/** A header that leaves the connection's address as it is. */
	static ProxyHeader keepBalancerAddress(int version) {
		return new ProxyHeader(version, null, null);
	}

	/** Whether the connection keeps the balancer's own address as its peer. */
	public boolean keepsBalancerAddress() {
		return this.source == null;
	}

}
