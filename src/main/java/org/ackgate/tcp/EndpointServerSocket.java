package org.ackgate.tcp;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketImpl;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A server socket that enforces the endpoint's connection limit at accept: a connection over
 * the limit is closed before any thread or buffer is spent on it. Each accepted socket holds
 * one slot of the limit until it is closed, whoever closes it.
 */
final class EndpointServerSocket extends ServerSocket {

	private final ConnectionTracker tracker;

	EndpointServerSocket(ConnectionTracker tracker) throws IOException {
		this.tracker = tracker;
	}

	@Override
	public Socket accept() throws IOException {
		while (true) {
			SlotSocket socket = new SlotSocket(this.tracker);
			implAccept(socket);
			if (this.tracker.tryReserve()) {
				socket.holdSlot();
				return socket;
			}
			this.tracker.rejected(EndpointConnection.peerOf(socket));
			socket.close();
		}
	}

	/** An accepted socket that gives its slot back when closed. */
	private static final class SlotSocket extends Socket {

		private final ConnectionTracker tracker;

		private final AtomicBoolean holdsSlot = new AtomicBoolean();

		SlotSocket(ConnectionTracker tracker) throws IOException {
			super((SocketImpl) null);
			this.tracker = tracker;
		}

		void holdSlot() {
			this.holdsSlot.set(true);
		}

		@Override
		public synchronized void close() throws IOException {
			try {
				super.close();
			}
			finally {
				if (this.holdsSlot.compareAndSet(true, false)) {
					this.tracker.release();
				}
			}
		}

	}

}
