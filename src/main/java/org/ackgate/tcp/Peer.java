package org.ackgate.tcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.jspecify.annotations.Nullable;

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

	/** The client's IP address as text, brackets-free: what the {@code ip_address} header carries. */
	public String hostAddress() {
		return this.address.getAddress().getHostAddress();
	}

	public int port() {
		return this.address.getPort();
	}

	/** The host part of {@link #toString()}: a reconnecting client keeps it, whatever its port. */
	public String host() {
		return format(this.address.getAddress());
	}

	/** {@code 10.0.0.1:41000} or {@code [::1]:41000}, as the log lines print a peer. */
	@Override
	public String toString() {
		return host() + ":" + port();
	}

	private static String format(InetAddress address) {
		String host = address.getHostAddress();
		return (host.indexOf(':') >= 0) ? "[" + host + "]" : host;
	}

}
