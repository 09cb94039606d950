package org.ackgate.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketImpl;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server socket that admits each accepted connection through the endpoint's
 * {@link ConnectionAdmission} before any thread, buffer or TLS state is spent on it; each admitted
 * socket holds its slot until it is closed, whoever closes it. With TLS, the accepted socket is
 * returned wrapped, its handshake not yet begun.
 * <p>
 * Admission decides on a {@link Peer}, today the socket's remote end: a PROXY protocol reader
 * replaces it with the client its header names before this decision.
 */
final class EndpointServerSocket extends ServerSocket {

	private static final Logger log = LoggerFactory.getLogger(EndpointServerSocket.class);

	private final ConnectionAdmission admission;

	private final ConnectionEvents events;

	private final @Nullable ServerTls tls;

	EndpointServerSocket(ConnectionAdmission admission, ConnectionEvents events, @Nullable ServerTls tls)
			throws IOException {
		this.admission = admission;
		this.events = events;
		this.tls = tls;
	}

	@Override
	public Socket accept() throws IOException {
		while (true) {
			SlotSocket socket = new SlotSocket(this.admission, this.tls != null);
			implAccept(socket);
			Peer peer = Peer.of(socket);
			ConnectionAdmission.Refusal refused = this.admission.tryAdmit(peer);
			if (refused != null) {
				this.events.refused(peer, refused);
				socket.close();
				continue;
			}
			socket.holdSlot(peer);
			if (this.tls == null) {
				return socket;
			}
			try {
				return this.tls.wrap(socket);
			}
			catch (IOException ex) {
				// The peer is gone before anything was read; its slot goes back with the close.
				log.debug("{}: the TLS layer over {} could not be made: {}", this.admission.endpoint(), peer,
						ex.toString());
				socket.close();
			}
		}
	}

	/** An accepted socket that gives its slot back when closed. */
	private static final class SlotSocket extends Socket {

		private final ConnectionAdmission admission;

		private final boolean underTls;

		private final AtomicBoolean holdsSlot = new AtomicBoolean();

		private volatile @Nullable Peer admitted;

		SlotSocket(ConnectionAdmission admission, boolean underTls) throws IOException {
			super((SocketImpl) null);
			this.admission = admission;
			this.underTls = underTls;
		}

		void holdSlot(Peer peer) {
			this.admitted = peer;
			this.holdsSlot.set(true);
		}

		/*
		 * Under TLS, SSLSocket.close() sends close_notify under the TLS record lock, and without
		 * SO_LINGER it waits for that lock forever; a writer blocked on a peer that does not read
		 * holds it, so the write-timeout watchdog or the drain closing that connection would hang
		 * with it. The TLS layer asks this socket for SO_LINGER: 0 makes it skip close_notify when
		 * the lock is busy and close the transport, which frees the writer. The kernel's SO_LINGER
		 * stays unset, so the TCP close itself stays graceful.
		 */
		/*
		 * A failed handshake: the alert is sent. Half-close and read what the client still sends
		 * (its request, already on the way) until it closes or LINGER passes, on the connection's
		 * own thread; closing with that data unread would reset the connection and destroy the
		 * alert in the client's receive buffer before it is read.
		 */
		private void lingerForTheAlert() {
			try {
				shutdownOutput();
				long deadline = System.nanoTime() + TlsHandshake.LINGER.toNanos();
				InputStream in = getInputStream();
				byte[] discard = new byte[1024];
				for (long left = TlsHandshake.LINGER.toMillis(); left > 0;
						left = (deadline - System.nanoTime()) / 1_000_000) {
					setSoTimeout((int) left);
					if (in.read(discard) < 0) {
						break;
					}
				}
			}
			catch (IOException ex) {
				// timed out, or the client reset: close now
			}
		}

		@Override
		public int getSoLinger() throws SocketException {
			int linger = super.getSoLinger();
			return (this.underTls && linger < 0) ? 0 : linger;
		}

		@Override
		public synchronized void close() throws IOException {
			try {
				if (this.underTls && !isClosed() && TlsHandshake.isHandshakingOnThisThread()) {
					lingerForTheAlert();
				}
				super.close();
			}
			finally {
				Peer held = this.admitted;
				if (this.holdsSlot.compareAndSet(true, false) && held != null) {
					this.admission.release(held);
				}
			}
		}

	}

}
