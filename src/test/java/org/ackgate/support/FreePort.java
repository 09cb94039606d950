package org.ackgate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A port the system picked a moment ago and is free again once returned: for a process that takes
 * its port from its configuration (a broker, a balancer, the service's management port) and binds
 * it right away.
 */
public final class FreePort {

	private FreePort() {
	}

	/** On loopback. */
	public static int onLoopback() {
		return on(InetAddress.getLoopbackAddress());
	}

	/** On {@code host}, a name or an address literal. */
	public static int on(String host) {
		try {
			return on(InetAddress.getByName(host));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int on(InetAddress address) {
		try (ServerSocket socket = new ServerSocket(0, 1, address)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
