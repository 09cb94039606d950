package org.ackgate.tcp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;

import org.ackgate.wire.FrameInput;
import org.ackgate.wire.MessageMemoryRefused;
import org.ackgate.wire.ProtocolViolation;

/**
 * One accepted connection's reading, writing and closing: it reads through a {@link FrameInput}
 * instead of a byte per system call, writes each reply in one flush from a small buffer, records
 * why it closed, and refuses to hand off messages once the endpoint drains. It reports to its
 * endpoint's {@link ConnectionEvents}; its {@link OpenConnections} watches its deadlines, and
 * the connection never calls it back.
 */
final class EndpointConnection extends TcpNetConnection implements ServedConnection {

	private final Socket socket;

	private final ConnectionEvents events;

	/** Whether the endpoint drains; read before each hand-off. */
	private final BooleanSupplier draining;

	private final TcpServerSettings settings;

	private final IncompleteMessageMemory incompleteMessages;

	/**
	 * Who the connection is from: the socket's remote end, unless a PROXY protocol header read
	 * before anything else names the real client ({@link #identify(Peer)}).
	 */
	private volatile Peer peer;

	private final FrameInput input;

	private final Lock writeLock = new ReentrantLock();

	private final AtomicReference<Closing> closing = new AtomicReference<>();

	private final AtomicBoolean reported = new AtomicBoolean();

	private @Nullable OutputStream output;

	private volatile long writeStartedNanos;

	/** The System.nanoTime() by which the TLS handshake must be done; 0 outside a handshake. */
	private final AtomicLong handshakeDeadlineNanos = new AtomicLong();

	/** When bytes last arrived or an ack was last written: the idle sweep's clock. */
	private volatile long lastActivityNanos;

	private final MessageGate gate = new MessageGate();

	/** When the message being handled was decoded; 0 between messages. Read and written on the reading thread. */
	private long decodedAtNanos;

	private volatile boolean outputShut;

	private @Nullable Map<String, Object> messageHeaders;

	private volatile Consumer<EndpointConnection> whenClosed = connection -> {
	};

	/** The System.nanoTime() after which the connection closes after its next ack; 0 for never. */
	private final long closeAfterAckNanos;

	/** Reads the PROXY header first, when the endpoint is behind a load balancer. */
	private @Nullable ProxyHeaderStep proxyHeader;

	EndpointConnection(Socket socket, @Nullable ApplicationEventPublisher publisher, @Nullable String factoryName,
			ConnectionEvents events, BooleanSupplier draining, TcpServerSettings settings,
			IncompleteMessageMemory incompleteMessages) throws IOException {
		super(socket, true, false, publisher, factoryName);
		this.socket = socket;
		this.events = events;
		this.draining = draining;
		this.settings = settings;
		this.incompleteMessages = incompleteMessages;
		this.peer = Peer.of(socket);
		this.lastActivityNanos = System.nanoTime();
		this.closeAfterAckNanos = ConnectionAge.deadline(this.lastActivityNanos, settings.maxConnectionAge(),
				settings.maxConnectionAgeJitter());
		this.input = FrameInput.buffered(socket.getInputStream(), TcpServerSettings.INPUT_BUFFER_SIZE,
				this.peer.toString(), count -> {
					this.lastActivityNanos = System.nanoTime();
					events.bytesReceived(count);
				}, incompleteMessages);
	}

	private volatile Consumer<EndpointConnection> whenOpened = connection -> {
	};

	/** Called once the connection is open: after the TLS handshake, before anything is read. */
	void whenOpened(Consumer<EndpointConnection> callback) {
		this.whenOpened = callback;
	}

	/** Called once, after the connection closed. */
	void whenClosed(Consumer<EndpointConnection> callback) {
		this.whenClosed = callback;
	}

	@Override
	public Peer peer() {
		return this.peer;
	}

	/**
	 * The hook for the PROXY protocol: replaces the socket's remote end with the client a
	 * balancer's header names, on the connection's own thread, before the open event and before
	 * the first message. Logs, message headers and per-source checks made afterwards see it.
	 */
	void identify(Peer actual) {
		this.peer = actual;
		this.messageHeaders = null;
	}

	/**
	 * The headers every message of this connection carries: its id and its peer's address and
	 * port. Built on first use, on the reading thread, and shared by every message.
	 */
	@Override
	public Map<String, Object> messageHeaders() {
		Map<String, Object> headers = this.messageHeaders;
		if (headers == null) {
			headers = ServedConnection.headersFor(getConnectionId(), this.peer, this::isOpen);
			this.messageHeaders = headers;
		}
		return headers;
	}

	ConnectionEvents events() {
		return this.events;
	}

	/** The handshake must be done by this System.nanoTime(), or the sweep closes the connection. */
	void handshakeStarted(long deadlineNanos) {
		this.handshakeDeadlineNanos.set(deadlineNanos | 1);
	}

	/** @return {@code false} when the sweep had ended the handshake already, closing the connection */
	boolean handshakeEnded() {
		return this.handshakeDeadlineNanos.getAndSet(0) != 0;
	}

	/** @return whether the handshake was past its deadline; if so it is ended here, once */
	@Override
	public boolean expireHandshake(long nowNanos) {
		long deadline = this.handshakeDeadlineNanos.get();
		return deadline != 0 && nowNanos - deadline > 0 && this.handshakeDeadlineNanos.compareAndSet(deadline, 0);
	}

	@Override
	public MessageGate gate() {
		return this.gate;
	}

	/** Silent for longer than the timeout while waiting for the peer (not while handling its message). */
	@Override
	public boolean isIdle(long nowNanos, long timeoutNanos) {
		return !this.gate.isHandling() && !this.outputShut && nowNanos - this.lastActivityNanos > timeoutNanos;
	}

	/** Inside a message for longer than the timeout: a peer trickling bytes (slow-loris). */
	@Override
	public boolean isMessageStalled(long nowNanos, long timeoutNanos) {
		long started = this.input.messageStartNanos();
		return started != 0 && !this.gate.isHandling() && nowNanos - started > timeoutNanos;
	}

	@Override
	public boolean isWriteStalled(long nowNanos, long timeoutNanos) {
		long started = this.writeStartedNanos;
		return started != 0 && nowNanos - started > timeoutNanos;
	}

	/** The connection came through a load balancer: its PROXY header is read before anything else. */
	void behindBalancer(ProxyHeaderStep step) {
		this.proxyHeader = step;
	}

	@Override
	public void run() {
		try {
			ProxyHeaderStep step = this.proxyHeader;
			if (step != null && !step.complete(this)) {
				return;
			}
			this.events.opened(this.peer, getConnectionId());
			if (TlsHandshake.complete(this, this.socket, this.settings)) {
				try {
					this.whenOpened.accept(this);
				}
				catch (RuntimeException ex) {
					closeWith(CloseReason.ERROR, "the reply on connect failed: " + ConnectionFailures.rootCause(ex));
					return;
				}
				super.run();
			}
		}
		finally {
			// This thread is the connection's only reader, and it reads no more.
			this.input.releaseMemory();
		}
	}

	@Override
	protected InputStream inputStream() {
		return this.input;
	}

	/*
	 * Once closed, messages still buffered are dropped, not decoded and handed off: the peer must
	 * not get acks (or lose them) for data that arrived after the connection was given up.
	 */
	@Override
	public Object getPayload() {
		if (this.closing.get() != null) {
			throw new SoftEndOfStreamException("Connection closed; buffered input dropped");
		}
		return super.getPayload();
	}

	@Override
	public void registerListener(@Nullable TcpListener listener) {
		super.registerListener((listener != null) ? message -> handOff(listener, message) : null);
	}

	/*
	 * The flow publishes the message and returns its ack, which the gateway writes before
	 * onMessage returns; so "handling" spans read-to-ack-written, which the drain waits for.
	 */
	private void handOff(TcpListener listener, Message<?> message) {
		if (!this.gate.enter()) {
			// A timeout closes the connection (from the sweep): this message is not handed off, so not acked.
			return;
		}
		try {
			if (this.closing.get() != null) {
				return;
			}
			if (this.draining.getAsBoolean()) {
				// Gently, as at the age limit: the acks written before this message must still arrive.
				closeGently(new Closing(CloseReason.SHUTDOWN,
						"service stopping; a message arrived after the drain began and was not acked"));
				return;
			}
			this.decodedAtNanos = System.nanoTime() | 1;
			if (message.getPayload() instanceof byte[] payload) {
				this.events.messageReceived(payload.length);
			}
			listener.onMessage(message);
			// The ack is written in full when onMessage returns: a message boundary with nothing owed.
			if (this.closeAfterAckNanos != 0 && ConnectionAge.isDue(this.closeAfterAckNanos, System.nanoTime())) {
				closeAfterAge();
			}
		}
		catch (RuntimeException ex) {
			// Gently, as for a protocol error: the acks of the messages before this one are owed all the same.
			closeGently(new Closing(CloseReason.ERROR,
					"message not handed off, so not acked: " + ConnectionFailures.rootCause(ex)));
		}
		finally {
			this.decodedAtNanos = 0;
			this.lastActivityNanos = System.nanoTime();
			this.gate.leave();
		}
	}

	/*
	 * Spring Integration's own send sizes its buffer to the socket's send buffer (megabytes on
	 * loopback) and logs a failed write with a stack trace; a failed write here closes the
	 * connection with its reason, and the caller has nothing left to do for a closed peer.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		Object payload = getMapper().fromMessage(message);
		this.writeLock.lock();
		try {
			OutputStream out = this.output;
			if (out == null) {
				out = new BufferedOutputStream(this.socket.getOutputStream(), TcpServerSettings.OUTPUT_BUFFER_SIZE);
				this.output = out;
			}
			this.writeStartedNanos = System.nanoTime() | 1;
			((Serializer<Object>) getSerializer()).serialize(payload, out);
			out.flush();
			long decodedAt = this.decodedAtNanos;
			this.events.replySent((payload instanceof byte[] bytes) ? bytes.length : 0,
					(decodedAt != 0) ? System.nanoTime() - decodedAt : -1);
		}
		catch (IOException ex) {
			Closing already = this.closing.get();
			boolean peerGone = ConnectionFailures.classify(ex) == ConnectionFailures.Kind.PEER_GONE;
			// A reset reads as it does when the event loops see it, whichever side found it first.
			closeWith(peerGone ? CloseReason.CLIENT : CloseReason.ERROR,
					peerGone ? "connection reset by the client" : "write failed: " + ex.getMessage());
			if (already == null) {
				logger.debug("Write failed on " + getConnectionId(), ex);
			}
		}
		finally {
			this.writeStartedNanos = 0;
			this.writeLock.unlock();
		}
	}

	/** Half-close for the time endpoint: the peer reads the time and a clean end of stream. */
	@Override
	public void shutdownOutput() throws IOException {
		OutputStream out = this.output;
		if (out != null) {
			out.flush();
		}
		this.outputShut = true;
		this.socket.shutdownOutput();
		this.socket.setSoTimeout((int) Math.max(1, this.settings.linger().toMillis()));
	}

	@Override
	protected boolean handleReadException(Exception exception) {
		Throwable cause = (exception instanceof UncheckedIOException unchecked) ? unchecked.getCause() : exception;
		if (this.closing.get() != null) {
			close();
		}
		else if (cause instanceof SoftEndOfStreamException) {
			closeWith(CloseReason.CLIENT, "closed by the client");
		}
		else if (cause instanceof MessageMemoryRefused) {
			this.events.incompleteMessagesOverLimit(this.peer, getConnectionId(), this.incompleteMessages.limit());
			closeGently(new Closing(CloseReason.MEMORY, this.incompleteMessages.closeDetail()));
		}
		else if (cause instanceof ProtocolViolation violation) {
			this.events.protocolError(this.peer, getConnectionId(), violation);
			String detail = "protocol error: " + violation.getMessage();
			if (violation.kind() == ProtocolViolation.Kind.TRUNCATED) {
				closeWith(CloseReason.CLIENT, detail);
			}
			else {
				// The client may still be sending: closed after the acks it is owed reached it (see closeGently).
				closeGently(new Closing(CloseReason.PROTOCOL, detail));
			}
		}
		else {
			switch (ConnectionFailures.classify(cause)) {
				// Only the linger after a half-close reads with a timeout; idle peers are swept.
				case TIMEOUT -> closeWith(CloseReason.IDLE,
						"the client did not close within the linger time after the reply");
				case PEER_GONE -> closeWith(CloseReason.CLIENT, "connection reset by the client");
				default -> closeWith(CloseReason.ERROR, "read failed: " + cause);
			}
		}
		return true;
	}

	/*
	 * Closing with the client's next messages unread would reset the connection, and a reset can
	 * destroy the ack just written before the client has read it (it would send that message
	 * again: a duplicate). So, at the age limit, a protocol error or a message that failed: no more
	 * hand-offs, half-close, discard what the client still sends until it closes its side
	 * (bounded), then close.
	 */
	private void closeAfterAge() {
		closeGently(new Closing(CloseReason.AGE, "open for longer than max-connection-age of "
				+ this.settings.maxConnectionAge() + "; closed after an ack so the client reconnects, perhaps to another replica"));
	}

	private void closeGently(Closing reason) {
		this.closing.compareAndSet(null, reason);
		try {
			OutputStream out = this.output;
			if (out != null) {
				out.flush();
			}
			this.socket.shutdownOutput();
			long deadline = System.nanoTime() + ConnectionAge.LINGER.toNanos();
			for (long left = ConnectionAge.LINGER.toMillis(); left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
				this.socket.setSoTimeout((int) left);
				if (this.input.readAvailable(TcpServerSettings.OUTPUT_BUFFER_SIZE) == null) {
					break;
				}
			}
		}
		catch (IOException ex) {
			// The client reset, or did not close within the linger: close now.
		}
		close();
	}

	/**
	 * Closes a connection that was never opened (refused after accept, by its PROXY header or the
	 * checks on the client it named); its refusal was reported already, so no close event is.
	 */
	void closeUnopened() {
		this.closing.compareAndSet(null, new Closing(CloseReason.SHUTDOWN, "refused"));
		boolean first = this.reported.compareAndSet(false, true);
		super.close();
		if (first) {
			this.whenClosed.accept(this);
		}
	}

	/** Whether a close began, from any thread. */
	boolean isClosing() {
		return this.closing.get() != null;
	}

	/** Closes with this reason unless a reason was recorded already; idempotent. */
	@Override
	public void closeWith(CloseReason reason, String detail) {
		this.closing.compareAndSet(null, new Closing(reason, detail));
		close();
	}

	@Override
	public void close() {
		this.closing.compareAndSet(null, new Closing(CloseReason.SHUTDOWN, "connection factory stopped"));
		super.close();
		if (this.reported.compareAndSet(false, true)) {
			Closing closed = this.closing.get();
			this.events.closed(this.peer, getConnectionId(), closed.reason(), closed.detail());
			this.whenClosed.accept(this);
		}
	}

	private record Closing(CloseReason reason, String detail) {
	}

}
