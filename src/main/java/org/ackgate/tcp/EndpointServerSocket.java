package org.ackgate.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketImpl;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

	/** The load balancers trusted to send PROXY headers, or {@code null} when the endpoint takes none. */
	private final @Nullable AllowList balancers;

	/**
	 * Under TLS with the PROXY protocol, the plain socket under each TLS socket returned and not yet
	 * taken by its connection: the header is read from it, in clear, before the handshake.
	 */
	private final Map<Socket, SlotSocket> transports = new ConcurrentHashMap<>();

	/** Counted down when the endpoint is released ({@link org.ackgate.net.ServedOnRelease}) or the socket closes. */
	private final CountDownLatch serving = new CountDownLatch(1);

	/** Counted down when the socket closes: ends a pause after a failed accept early. */
	private final CountDownLatch closed = new CountDownLatch(1);

	EndpointServerSocket(ConnectionAdmission admission, ConnectionEvents events, @Nullable ServerTls tls,
			@Nullable AllowList balancers) throws IOException {
		this.admission = admission;
		this.events = events;
		this.tls = tls;
		this.balancers = balancers;
	}

	/**
	 * The admitted plain socket of a socket {@link #accept()} returned, taken once by the
	 * connection that reads its PROXY header.
	 */
	SlotSocket transportOf(Socket accepted) {
		SlotSocket transport = (accepted instanceof SlotSocket plain) ? plain : this.transports.remove(accepted);
		if (transport == null) {
			throw new IllegalStateException("no transport recorded for " + accepted);
		}
		return transport;
	}

	/** Lets {@link #accept()} take connections; until then they wait in the kernel's accept queue. */
	void release() {
		this.serving.countDown();
	}

	@Override
	public Socket accept() throws IOException {
		try {
			this.serving.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted before the endpoint was released");
		}
		while (true) {
			SlotSocket socket = new SlotSocket(this.admission, this.tls != null);
			if (!acceptInto(socket)) {
				continue;
			}
			Peer peer = Peer.of(socket);
			ConnectionAdmission.Refusal refused = admit(socket, peer);
			if (refused != null) {
				this.events.refused(peer, refused);
				socket.close();
				continue;
			}
			if (this.tls == null) {
				return socket;
			}
			try {
				Socket wrapped = this.tls.wrap(socket);
				if (this.balancers != null) {
					this.transports.put(wrapped, socket);
				}
				return wrapped;
			}
			catch (IOException ex) {
				// The peer is gone before anything was read; its slot goes back with the close.
				log.debug("{}: the TLS layer over {} could not be made: {}", this.admission.endpoint(), peer,
						ex.toString());
				socket.close();
			}
		}
	}

	/*
	 * False when the accept failed for want of file descriptors or socket memory: counted and
	 * logged, then accepting pauses (Spring Integration's accept loop would stop the endpoint for
	 * good on the exception), and ends early if the socket is closed meanwhile.
	 */
	private boolean acceptInto(SlotSocket socket) throws IOException {
		try {
			implAccept(socket);
			return true;
		}
		catch (IOException ex) {
			AcceptShortage shortage = isClosed() ? null : AcceptShortage.of(ex);
			socket.close();
			if (shortage == null) {
				throw ex;
			}
			this.events.acceptFailed(shortage);
		}
		try {
			this.closed.await(AcceptShortage.RETRY.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while accepting was paused");
		}
		return false;
	}

	/*
	 * Behind a balancer, only a trusted one may connect, and it takes a slot under the total limit
	 * alone: the allow-list and the per-source limit wait for the client its header names.
	 */
	private ConnectionAdmission.@Nullable Refusal admit(SlotSocket socket, Peer peer) {
		if (this.balancers == null) {
			ConnectionAdmission.Refusal refused = this.admission.tryAdmit(peer);
			if (refused == null) {
				socket.holdSlot(peer);
			}
			return refused;
		}
		if (!this.balancers.allows(peer.inetAddress())) {
			return new ConnectionAdmission.Refusal(CloseReason.DENIED,
					"the address is not a trusted load balancer (proxy-protocol.trusted)");
		}
		ConnectionAdmission.Refusal refused = this.admission.tryAdmitConnection();
		if (refused == null) {
			socket.holdConnectionSlot();
		}
		return refused;
	}

	/* A closed socket is never released: the accept waiting for it goes on, and fails as closed. */
	@Override
	public void close() throws IOException {
		super.close();
		this.serving.countDown();
		this.closed.countDown();
	}

	/** An accepted socket that gives its slot back when closed. */
	static final class SlotSocket extends Socket {

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

		/** A slot under the total limit only; the source's share comes with {@link #holdSourceSlot}. */
		void holdConnectionSlot() {
			this.holdsSlot.set(true);
		}

		/**
		 * The client's share of the per-source limit, given back with the connection's slot.
		 * @return {@code false} when the socket was closed meanwhile: the caller gives the share back
		 */
		synchronized boolean holdSourceSlot(Peer client) {
			if (!this.holdsSlot.get()) {
				return false;
			}
			this.admitted = client;
			return true;
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
				if (this.holdsSlot.compareAndSet(true, false)) {
					if (held != null) {
						this.admission.release(held);
					}
					else {
						this.admission.releaseConnection();
					}
				}
			}
		}

	}

}
