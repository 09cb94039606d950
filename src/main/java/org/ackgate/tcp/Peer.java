package org.ackgate.tcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.jspecify.annotations.Nullable;

import org.ackgate.net.AddressText;

/**
 * Who a connection is from, as every per-source feature sees it: the allow-list and the
 * per-source limit ({@link ConnectionAdmission}), the log lines ({@link ConnectionEvents}) and
 * the message headers. Today it is the socket's remote address; a PROXY protocol header read
 * before admission replaces it with {@link #behind(InetSocketAddress)}, which keeps the balancer
 * as {@link #via()}.
 * @param address the client's address and port
 * @param via the load balancer the connection came through, or {@code null} for a direct one
 */
public record Peer(InetSocketAddress address, @Nullable InetSocketAddress via) {

	/** The remote end of an accepted socket. */
	public static Peer of(Socket socket) {
		return new Peer(new InetSocketAddress(socket.getInetAddress(), socket.getPort()), null);
	}

	/** The client a balancer (this peer) reported, with the balancer kept as {@link #via()}. */
	public Peer behind(InetSocketAddress client) {
		return new Peer(client, this.address);
	}

	/** The client's IP address, without the port: what limits and allow-lists act on. */
	public InetAddress inetAddress() {
		return this.address.getAddress();
	}

	/** The client's IP address as text, RFC 5952 for IPv6, brackets-free: what the {@code ip_address} header carries. */
	public String hostAddress() {
		return AddressText.host(this.address.getAddress());
	}

	public int port() {
		return this.address.getPort();
	}

	/** The host part of {@link #toString()}: a reconnecting client keeps it, whatever its port. */
	public String host() {
		return AddressText.bracketed(this.address.getAddress());
	}

	/** The balancer as text, or {@code null} for a direct connection (the {@code via} log field). */
	public @Nullable String viaText() {
		InetSocketAddress balancer = this.via;
		return (balancer != null) ? AddressText.of(balancer) : null;
	}

	/** {@link #toString()}, followed by {@code via} and the balancer's address when there is one: for log text. */
	public String described() {
		String balancer = viaText();
		return (balancer != null) ? this + " via " + balancer : toString();
	}

	/** {@code 10.0.0.1:41000} or {@code [::1]:41000}, as the log lines print a peer. */
	@Override
	public String toString() {
		return AddressText.of(this.address);
	}

}
