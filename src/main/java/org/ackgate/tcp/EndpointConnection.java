package org.ackgate.tcp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.ackgate.wire.ProtocolViolation;

/**
 * A server connection that reads through a {@link FrameInput} instead of a byte per system
 * call, writes each reply in one flush from a small buffer, knows why it closed, and refuses to
 * hand off messages once the endpoint drains.
 */
final class EndpointConnection extends TcpNetConnection {

	private final Socket socket;

	private final ConnectionTracker tracker;

	private final TcpServerSettings settings;

	private final String peer;

	private final FrameInput input;

	private final Lock writeLock = new ReentrantLock();

	private final AtomicReference<Closing> closing = new AtomicReference<>();

	private final AtomicBoolean reported = new AtomicBoolean();

	private @Nullable OutputStream output;

	private volatile long writeStartedNanos;

	/** When bytes last arrived or an ack was last written: the idle sweep's clock. */
	private volatile long lastActivityNanos;

	private volatile boolean handling;

	/** When the message being handled was decoded; 0 between messages. Read and written on the reading thread. */
	private long decodedAtNanos;

	private volatile boolean outputShut;

	private @Nullable Map<String, Object> messageHeaders;

	private volatile Consumer<EndpointConnection> whenClosed = connection -> {
	};

	EndpointConnection(Socket socket, @Nullable ApplicationEventPublisher publisher, @Nullable String factoryName,
			ConnectionTracker tracker, TcpServerSettings settings) throws IOException {
		super(socket, true, false, publisher, factoryName);
		this.socket = socket;
		this.tracker = tracker;
		this.settings = settings;
		this.peer = peerOf(socket);
		this.lastActivityNanos = System.nanoTime();
		this.input = FrameInput.buffered(socket.getInputStream(), TcpServerSettings.INPUT_BUFFER_SIZE, this.peer,
				count -> {
					this.lastActivityNanos = System.nanoTime();
					tracker.bytesReceived(count);
				});
	}

	/** Called once, after the connection closed. */
	void whenClosed(Consumer<EndpointConnection> callback) {
		this.whenClosed = callback;
	}

	String peer() {
		return this.peer;
	}

	/** The headers every message of this connection carries; built on first use, on the reading thread. */
	Map<String, Object> messageHeaders() {
		Map<String, Object> headers = this.messageHeaders;
		if (headers == null) {
			headers = EndpointMessageMapper.headersOf(this);
			this.messageHeaders = headers;
		}
		return headers;
	}

	ConnectionTracker tracker() {
		return this.tracker;
	}

	boolean isHandling() {
		return this.handling;
	}

	/** Silent for longer than the timeout while waiting for the peer (not while handling its message). */
	boolean isIdle(long nowNanos, long timeoutNanos) {
		return !this.handling && !this.outputShut && nowNanos - this.lastActivityNanos > timeoutNanos;
	}

	/** Inside a message for longer than the timeout: a peer trickling bytes (slow-loris). */
	boolean isMessageStalled(long nowNanos, long timeoutNanos) {
		long started = this.input.messageStartNanos();
		return started != 0 && !this.handling && nowNanos - started > timeoutNanos;
	}

	boolean isWriteStalled(long nowNanos, long timeoutNanos) {
		long started = this.writeStartedNanos;
		return started != 0 && nowNanos - started > timeoutNanos;
	}

	@Override
	public void run() {
		this.tracker.opened(this);
		super.run();
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
		this.handling = true;
		try {
			if (this.closing.get() != null) {
				return;
			}
			if (this.tracker.isDraining()) {
				closeWith(CloseReason.SHUTDOWN, "service stopping; a message arrived after the drain began and was not acked");
				return;
			}
			this.decodedAtNanos = System.nanoTime() | 1;
			if (message.getPayload() instanceof byte[] payload) {
				this.tracker.messageReceived(payload.length);
			}
			listener.onMessage(message);
		}
		catch (RuntimeException ex) {
			closeWith(CloseReason.ERROR, "message not handed off, so not acked: " + rootCause(ex));
		}
		finally {
			this.decodedAtNanos = 0;
			this.lastActivityNanos = System.nanoTime();
			this.handling = false;
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
			this.tracker.replySent((payload instanceof byte[] bytes) ? bytes.length : 0,
					(decodedAt != 0) ? System.nanoTime() - decodedAt : -1);
		}
		catch (IOException ex) {
			Closing already = this.closing.get();
			closeWith(isPeerGone(ex) ? CloseReason.CLIENT : CloseReason.ERROR, "write failed: " + ex.getMessage());
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
		else if (cause instanceof SocketTimeoutException) {
			// Only the linger after a half-close reads with a timeout; idle peers are swept.
			closeWith(CloseReason.IDLE, "the client did not close within the linger time after the reply");
		}
		else if (cause instanceof ProtocolViolation violation) {
			this.tracker.protocolError(this, violation);
			closeWith(violation.kind() == ProtocolViolation.Kind.TRUNCATED ? CloseReason.CLIENT : CloseReason.PROTOCOL,
					"protocol error: " + violation.getMessage());
		}
		else if (cause instanceof IOException io && isPeerGone(io)) {
			closeWith(CloseReason.CLIENT, "connection reset by the client");
		}
		else {
			closeWith(CloseReason.ERROR, "read failed: " + cause);
		}
		return true;
	}

	/** Closes with this reason unless a reason was recorded already; idempotent. */
	void closeWith(CloseReason reason, String detail) {
		this.closing.compareAndSet(null, new Closing(reason, detail));
		close();
	}

	@Override
	public void close() {
		this.closing.compareAndSet(null, new Closing(CloseReason.SHUTDOWN, "connection factory stopped"));
		super.close();
		if (this.reported.compareAndSet(false, true)) {
			Closing closed = this.closing.get();
			this.tracker.closed(this, closed.reason(), closed.detail());
			this.whenClosed.accept(this);
		}
	}

	private static boolean isPeerGone(IOException ex) {
		String message = String.valueOf(ex.getMessage());
		return ex instanceof SocketException
				&& (message.contains("reset") || message.contains("Broken pipe") || message.contains("closed"));
	}

	private static String rootCause(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	static String peerOf(Socket socket) {
		String host = socket.getInetAddress().getHostAddress();
		return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + socket.getPort();
	}

	private record Closing(CloseReason reason, String detail) {
	}

}
