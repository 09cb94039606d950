package org.ackgate.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import javax.net.ssl.SSLSession;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.messaging.Message;

import org.ackgate.messages.Confirmations;
import org.ackgate.wire.IncrementalDecoder;
import org.ackgate.wire.ProtocolViolation;

/**
 * One connection of the event-loop transport: a Spring Integration connection over a Netty
 * channel. Its {@link #handler()} decodes what arrives on the loop thread, in place and without
 * waiting, and hands each message to the endpoint's gateway, which runs the flow and sends the ack
 * back through {@link #send}, on the loop thread; or, when a subscriber waits for something, on
 * an executor; or, while every such subscriber promises its confirmation instead
 * ({@link Confirmations}), on the loop, the ack held until the promises are kept. Either way the
 * connection's next message is decoded only once the ack is written, and reading stops once
 * {@link #READ_AHEAD_WHILE_WAITING} bytes of what follows are buffered. Acks written
 * while a read is handled leave in one flush when the read is done, so a client that pipelines
 * gets its acks in as few writes as it sent messages in.
 * <p>
 * Behaves as {@link EndpointConnection} does on the blocking transport: the same close reasons,
 * events, deadlines (watched by {@link OpenConnections}), drain and age close.
 */
final class LoopConnection extends TcpConnectionSupport implements ServedConnection {

	/** Unflushed acks beyond this make the channel unwritable: reading stops until the peer takes them. */
	static final int WRITE_HIGH_WATER_MARK = 64 * 1024;

	/*
	 * While a message waits for its ack, reading goes on until this much of what follows is
	 * buffered, then stops until the ack is written. Stopping at once would cost two system calls
	 * per message on epoll (and a cancelled read on io_uring) for clients that wait for each ack
	 * and so send nothing meanwhile; a client that pipelines is held to this.
	 */
	static final int READ_AHEAD_WHILE_WAITING = 64 * 1024;

	private static final byte[] UNEXPECTED_MESSAGE_ALERT = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a };

	private final Channel channel;

	private final String connectionId;

	private final ConnectionEvents events;

	private final TcpServerSettings settings;

	private final BooleanSupplier draining;

	private final IncrementalDecoder decoder;

	/** How a message's flow runs when a subscriber waits; {@code null}: none does, on the loop. */
	private final @Nullable WaitingFlows offload;

	/** What subscribers promise instead of waiting, when they all can; {@code null} otherwise. */
	private final @Nullable Confirmations confirmations;

	private final Handler handler = new Handler();

	private volatile Peer peer;

	private volatile @Nullable Map<String, Object> messageHeaders;

	private final AtomicReference<Closing> closing = new AtomicReference<>();

	private final AtomicBoolean reported = new AtomicBoolean();

	private final AtomicLong handshakeDeadlineNanos = new AtomicLong();

	private volatile long lastActivityNanos;

	/** When the bytes of the incomplete message waiting in {@link #received} began to arrive; 0 otherwise. */
	private volatile long messageStartNanos;

	/** Since when the channel is unwritable (the peer does not take its acks); 0 while writable. */
	private volatile long unwritableSinceNanos;

	private final MessageGate gate = new MessageGate();

	/** When the message being handled was decoded; 0 between messages. Written and read by the thread running the flow. */
	private long decodedAtNanos;

	/** The message being handed to the gateway, which asks for it through {@link #getPayload()}. */
	private byte @Nullable [] payload;

	/** Bytes received and not yet decoded (loop thread only); released whenever empty, so idle connections hold none. */
	private @Nullable ByteBuf received;

	/** Whether {@link #received} is the buffer Netty read into, not one of the connection's own. */
	private boolean readBufferHeld;

	/** The thread running this connection's flow off the loop, while it runs; {@code null} otherwise. */
	private volatile @Nullable Thread flowThread;

	/**
	 * The ack of a message whose flow ran off the loop, or whose subscribers promised their
	 * confirmations: the loop writes it when it resumes the connection. Handed over by the task
	 * that resumes it, or kept on the loop.
	 */
	private @Nullable ByteBuf waitingAck;

	/** When the waiting ack's message was decoded, for the reply latency once it is written. */
	private long waitingAckDecodedAtNanos;

	/** A message is in the flow off the loop, or its ack waits for promised confirmations: decoding waits. Loop thread only. */
	private boolean inFlight;

	/** The flow runs on the loop with confirmations open: its ack waits, it is not written yet. Loop thread only. */
	private boolean holdingAck;

	/** Inside the handling of a read: acks are written, and flushed together when it is done. Loop thread only. */
	private boolean batching;

	/** The peer shut its side down; what it sent before is still decoded and acked. Loop thread only. */
	private boolean inputEnded;

	private boolean opened;

	/** The System.nanoTime() after which the connection closes after its next ack; 0 for never. */
	private final long closeAfterAckNanos;

	private volatile Consumer<LoopConnection> whenOpened = connection -> {
	};

	private volatile Consumer<LoopConnection> whenClosed = connection -> {
	};

	LoopConnection(Channel channel, String connectionId, @Nullable ApplicationEventPublisher publisher,
			ConnectionEvents events, TcpServerSettings settings, BooleanSupplier draining, IncrementalDecoder decoder,
			@Nullable WaitingFlows offload) {
		super(publisher);
		this.channel = channel;
		this.connectionId = connectionId;
		this.events = events;
		this.settings = settings;
		this.draining = draining;
		this.decoder = decoder;
		this.offload = offload;
		this.confirmations = (offload != null && offload.promisesNow() != null) ? new Confirmations() : null;
		this.peer = new Peer((InetSocketAddress) channel.remoteAddress(), null);
		this.lastActivityNanos = System.nanoTime();
		this.closeAfterAckNanos = ConnectionAge.deadline(this.lastActivityNanos, settings.maxConnectionAge(),
				settings.maxConnectionAgeJitter());
	}

	/** The channel handler that drives this connection; the last in its pipeline. */
	Handler handler() {
		return this.handler;
	}

	/** Called once the connection is open: after the PROXY header and the TLS handshake, before anything is read. */
	void whenOpened(Consumer<LoopConnection> callback) {
		this.whenOpened = callback;
	}

	/** Called once, after the connection closed. */
	void whenClosed(Consumer<LoopConnection> callback) {
		this.whenClosed = callback;
	}

	@Override
	public Peer peer() {
		return this.peer;
	}

	/** The client a load balancer's PROXY header named replaces the balancer as the peer; before the open event. */
	void identify(Peer actual) {
		this.peer = actual;
		this.messageHeaders = null;
	}

	ConnectionEvents events() {
		return this.events;
	}

	@Override
	public Map<String, Object> messageHeaders() {
		Map<String, Object> headers = this.messageHeaders;
		if (headers == null) {
			headers = ServedConnection.headersFor(this.connectionId, this.peer, this.confirmations, this::isOpen);
			this.messageHeaders = headers;
		}
		return headers;
	}

	// --- what Spring Integration asks of a connection

	@Override
	public String getConnectionId() {
		return this.connectionId;
	}

	@Override
	public String getHostAddress() {
		return this.peer.hostAddress();
	}

	@Override
	public String getHostName() {
		return this.peer.hostAddress();
	}

	@Override
	public int getPort() {
		return this.peer.port();
	}

	@Override
	public boolean isServer() {
		return true;
	}

	@Override
	public boolean isOpen() {
		return this.channel.isOpen() && this.closing.get() == null;
	}

	@Override
	public Object getPayload() {
		return this.payload;
	}

	@Override
	public Object getDeserializerStateKey() {
		return this;
	}

	@Override
	public @Nullable SSLSession getSslSession() {
		SslHandler tls = this.channel.pipeline().get(SslHandler.class);
		return (tls != null) ? tls.engine().getSession() : null;
	}

	/** Never called: the channel's event loop drives the connection, not a thread of its own. */
	@Override
	public void run() {
	}

	/*
	 * The ack goes out as the bytes the flow built. On the loop, inside a read, it is written and
	 * flushed with the read's other acks; from elsewhere (a flow run off the loop, the reply on
	 * connect) it is flushed at once, and Netty hands the write to the loop in order.
	 */
	@Override
	public void send(Message<?> message) {
		if (this.closing.get() != null) {
			return;
		}
		Object reply = getMapper().fromMessage(message);
		byte[] bytes = (reply instanceof byte[] array) ? array
				: String.valueOf(reply).getBytes(StandardCharsets.UTF_8);
		ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
		if (this.waitingAck == null && (this.flowThread == Thread.currentThread()
				|| (this.holdingAck && this.channel.eventLoop().inEventLoop()))) {
			// Off the loop, the ack rides with the task that resumes the connection (one wake-up of the
			// loop, not two); on it, it waits for the promised confirmations. Counted when written.
			this.waitingAck = buffer;
			this.waitingAckDecodedAtNanos = this.decodedAtNanos;
			return;
		}
		if (this.batching && this.channel.eventLoop().inEventLoop()) {
			this.channel.write(buffer, this.channel.voidPromise());
		}
		else {
			this.channel.writeAndFlush(buffer, this.channel.voidPromise());
		}
		long decodedAt = this.decodedAtNanos;
		this.events.replySent(bytes.length, (decodedAt != 0) ? System.nanoTime() - decodedAt : -1);
	}

	/** Half-close: the peer reads what was written and a clean end of stream. */
	@Override
	public void shutdownOutput() throws IOException {
		if (this.channel instanceof DuplexChannel duplex) {
			afterWritten(duplex::shutdownOutput);
		}
	}

	/*
	 * Runs the action once everything written so far has left. On io_uring a flush only queues the
	 * write for the ring, and a half-close or close made right after would overtake it: the peer
	 * would miss the last ack, and send that message again. Writes complete in order, so an empty
	 * one completes after them; failed (the peer gone), it runs the action too.
	 */
	private void afterWritten(Runnable action) {
		this.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> action.run());
	}

	// --- what the sweep and the drain ask

	/** The handshake must be done by this System.nanoTime(), or the sweep closes the connection. */
	void handshakeStarted(long deadlineNanos) {
		this.handshakeDeadlineNanos.set(deadlineNanos | 1);
	}

	@Override
	public boolean expireHandshake(long nowNanos) {
		long deadline = this.handshakeDeadlineNanos.get();
		return deadline != 0 && nowNanos - deadline > 0 && this.handshakeDeadlineNanos.compareAndSet(deadline, 0);
	}

	@Override
	public MessageGate gate() {
		return this.gate;
	}

	@Override
	public boolean isIdle(long nowNanos, long timeoutNanos) {
		return !this.gate.isHandling() && this.unwritableSinceNanos == 0 && nowNanos - this.lastActivityNanos > timeoutNanos;
	}

	/* Messages held back while the peer does not take its acks are the write timeout's, not slow ones. */
	@Override
	public boolean isMessageStalled(long nowNanos, long timeoutNanos) {
		long started = this.messageStartNanos;
		return started != 0 && !this.gate.isHandling() && this.unwritableSinceNanos == 0 && nowNanos - started > timeoutNanos;
	}

	@Override
	public boolean isWriteStalled(long nowNanos, long timeoutNanos) {
		long since = this.unwritableSinceNanos;
		return since != 0 && nowNanos - since > timeoutNanos;
	}

	/** Whether a close began, from any thread. */
	boolean isClosing() {
		return this.closing.get() != null;
	}

	@Override
	public void closeWith(CloseReason reason, String detail) {
		if (reason == CloseReason.SHUTDOWN) {
			closeGently(new Closing(reason, detail));
			return;
		}
		this.closing.compareAndSet(null, new Closing(reason, detail));
		if (this.channel.eventLoop().inEventLoop()) {
			if (!this.channel.isWritable()) {
				// Acks the peer does not take would never leave: nothing to wait for.
				this.channel.close();
				return;
			}
			// What was written goes out first (a close that may meet the client still sending, as
			// after a protocol error, lingers instead: closeGently); bounded, in case the peer stops
			// reading meanwhile.
			afterWritten(this.channel::close);
			if (this.channel.isOpen()) {
				this.channel.eventLoop().schedule(() -> {
					this.channel.close();
				}, ConnectionAge.LINGER.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		else {
			this.channel.eventLoop().execute(() -> closeWith(reason, detail));
		}
	}

	@Override
	public void close() {
		closeWith(CloseReason.SHUTDOWN, "connection factory stopped");
	}

	/**
	 * Closes a connection that was never opened (refused by its PROXY header or the checks on the
	 * client it named); its refusal was reported already, so no close event is.
	 */
	void closeUnopened() {
		this.closing.compareAndSet(null, new Closing(CloseReason.SHUTDOWN, "refused"));
		this.reported.set(true);
		this.channel.close();
	}

	/* Once the channel is closed, whoever closed it: report, unregister, tell Spring Integration. */
	private void closed() {
		ByteBuf leftover = this.received;
		if (leftover != null) {
			this.received = null;
			leftover.release();
		}
		boolean report = this.reported.compareAndSet(false, true);
		this.closing.compareAndSet(null, new Closing(CloseReason.CLIENT, "connection reset by the client"));
		if (report) {
			Closing closed = this.closing.get();
			this.events.closed(this.peer, this.connectionId, closed.reason(), closed.detail());
		}
		// Spring Integration's part: the gateway forgets the connection, the close event is published.
		super.close();
		this.whenClosed.accept(this);
	}

	// --- reading, on the loop

	/* Counted as opened already (begin); from here it is served. */
	private void opened() {
		this.opened = true;
		this.lastActivityNanos = System.nanoTime();
		publishConnectionOpenEvent();
		try {
			this.whenOpened.accept(this);
		}
		catch (RuntimeException ex) {
			closeWith(CloseReason.ERROR, "the reply on connect failed: " + ConnectionFailures.rootCause(ex));
			return;
		}
		if (this.received != null) {
			decodeAvailable();
		}
	}

	/*
	 * A read that starts a message is decoded where Netty read it, with no copy; only bytes left
	 * over (an incomplete message) move to a buffer of their own, sized to them, so the read
	 * buffer goes back to Netty's pool and an idle peer holds only what it still owes.
	 */
	private void received(ByteBuf bytes) {
		int count = bytes.readableBytes();
		this.lastActivityNanos = System.nanoTime();
		this.events.bytesReceived(count);
		ByteBuf buffer = this.received;
		if (buffer == null) {
			this.received = bytes;
			this.readBufferHeld = true;
			return;
		}
		if (buffer.writableBytes() < count) {
			buffer.discardReadBytes();
		}
		buffer.writeBytes(bytes);
		bytes.release();
		if (this.inFlight && buffer.readableBytes() >= READ_AHEAD_WHILE_WAITING) {
			this.channel.config().setAutoRead(false);
		}
	}

	/* After decoding: nothing left, or the rest of an incomplete message in a buffer of its own. */
	private void keepLeftover() {
		ByteBuf buffer = this.received;
		if (buffer == null) {
			return;
		}
		if (!buffer.isReadable()) {
			this.received = null;
			this.readBufferHeld = false;
			buffer.release();
		}
		else if (this.readBufferHeld) {
			ByteBuf own = this.channel.alloc().heapBuffer(Math.max(buffer.readableBytes(), 512));
			own.writeBytes(buffer);
			buffer.release();
			this.received = own;
			this.readBufferHeld = false;
		}
	}

	/*
	 * Decodes and hands off whatever complete messages are buffered, one at a time: stops while
	 * a message is off the loop, while the peer does not take its acks, and once closing.
	 */
	private void decodeAvailable() {
		boolean outer = this.batching;
		this.batching = true;
		boolean decoded = false;
		try {
			while (!this.inFlight && this.closing.get() == null && this.channel.isWritable()) {
				ByteBuf buffer = this.received;
				if (buffer == null || !buffer.isReadable()) {
					break;
				}
				ByteBuffer window = buffer.nioBuffer(buffer.readerIndex(), buffer.readableBytes());
				byte[] message;
				try {
					message = this.decoder.next(window);
				}
				catch (ProtocolViolation violation) {
					protocolError(violation);
					return;
				}
				buffer.skipBytes(window.position());
				if (message == null) {
					break;
				}
				decoded = true;
				handOff(message);
			}
			keepLeftover();
			// The message timeout runs from the first byte of the message not yet complete: bytes
			// kept, or bytes a decoder consumed while looking for the next message (garbage).
			if (this.received == null && !this.decoder.insideMessage()) {
				this.messageStartNanos = 0;
			}
			else if (decoded || this.messageStartNanos == 0) {
				// After a message, what is left began in the latest read.
				this.messageStartNanos = this.lastActivityNanos;
			}
			if (this.inputEnded && !this.inFlight && this.closing.get() == null && this.channel.isWritable()) {
				endOfInput();
			}
		}
		finally {
			this.batching = outer;
			if (!outer) {
				this.channel.flush();
			}
		}
	}

	private void handOff(byte[] message) {
		if (this.draining.getAsBoolean()) {
			closeWith(CloseReason.SHUTDOWN, "service stopping; a message arrived after the drain began and was not acked");
			return;
		}
		if (!this.gate.enter()) {
			// A timeout closes the connection (from the sweep): this message is not handed off, so not acked.
			return;
		}
		WaitingFlows waiting = this.offload;
		if (waiting == null) {
			runFlow(message, true);
			ageCheck();
			return;
		}
		Confirmations promises = this.confirmations;
		if (promises != null && waiting.promisedNow()) {
			runPromising(message, promises);
			return;
		}
		this.inFlight = true;
		try {
			waiting.executor().execute(() -> {
				this.flowThread = Thread.currentThread();
				try {
					runFlow(message, false);
				}
				finally {
					this.flowThread = null;
				}
				try {
					this.channel.eventLoop().execute(this::resumeAfterFlow);
				}
				catch (RuntimeException ex) {
					// The loops are shutting down with the service: nothing is left to resume.
					this.gate.leave();
				}
			});
		}
		catch (RuntimeException ex) {
			this.gate.leave();
			notHandedOff(ex);
		}
	}

	/*
	 * The flow runs on the loop, its waiting subscribers promising their confirmations instead of
	 * waiting: the ack is held until every promise is kept, and not written if one fails. As when
	 * the flow runs off the loop, the next message is decoded only once the ack is written, so
	 * acks keep their order and a client cannot have more than one message waiting for its broker.
	 */
	private void runPromising(byte[] message, Confirmations promises) {
		CompletableFuture<?> promised;
		this.holdingAck = true;
		promises.open();
		try {
			runFlow(message, false);
		}
		finally {
			this.holdingAck = false;
			promised = promises.close();
		}
		if (promised == null || this.closing.get() != null) {
			// Nothing promised, or the flow failed: as a flow that ran on the loop.
			writeWaitingAck(false);
			this.gate.leave();
			ageCheck();
			return;
		}
		this.inFlight = true;
		promised.whenComplete((kept, failure) -> {
			try {
				this.channel.eventLoop().execute(() -> promiseSettled(failure));
			}
			catch (RuntimeException ex) {
				// The loops are shutting down with the service: nothing is left to resume.
				this.gate.leave();
			}
		});
	}

	private void promiseSettled(@Nullable Throwable failure) {
		if (failure != null) {
			ByteBuf ack = this.waitingAck;
			this.waitingAck = null;
			if (ack != null) {
				ack.release();
			}
			this.inFlight = false;
			this.gate.leave();
			notHandedOff(failure);
			return;
		}
		resumeAfterFlow();
	}

	private void writeWaitingAck(boolean flush) {
		ByteBuf ack = this.waitingAck;
		if (ack == null) {
			return;
		}
		this.waitingAck = null;
		if (!this.channel.isActive() || this.closing.get() != null) {
			ack.release();
			return;
		}
		int length = ack.readableBytes();
		if (flush) {
			this.channel.writeAndFlush(ack, this.channel.voidPromise());
		}
		else {
			this.channel.write(ack, this.channel.voidPromise());
		}
		long decodedAt = this.waitingAckDecodedAtNanos;
		this.events.replySent(length, (decodedAt != 0) ? System.nanoTime() - decodedAt : -1);
	}

	private void resumeAfterFlow() {
		this.inFlight = false;
		writeWaitingAck(true);
		// Only now is the ack written: the drain waits for this, not for the flow's end.
		this.gate.leave();
		ageCheck();
		if (this.closing.get() == null) {
			if (this.channel.isWritable()) {
				this.channel.config().setAutoRead(true);
			}
			decodeAvailable();
		}
	}

	/*
	 * The flow publishes the message and returns its ack, which the gateway sends before
	 * onMessage returns; so "handling" spans decode-to-ack-written, which the drain waits for.
	 */
	private void runFlow(byte[] message, boolean onTheLoop) {
		try {
			this.decodedAtNanos = System.nanoTime() | 1;
			this.events.messageReceived(message.length);
			this.payload = message;
			Message<?> inbound = getMapper().toMessage(this);
			TcpListener listener = getListener();
			if (inbound != null && listener != null) {
				listener.onMessage(inbound);
			}
		}
		catch (RuntimeException ex) {
			notHandedOff(ex);
		}
		finally {
			this.payload = null;
			this.decodedAtNanos = 0;
			this.lastActivityNanos = System.nanoTime();
			if (onTheLoop) {
				this.gate.leave();
			}
		}
	}

	/* The ack is written when the flow returns: a message boundary with nothing owed. */
	private void ageCheck() {
		if (this.closeAfterAckNanos != 0 && this.closing.get() == null
				&& ConnectionAge.isDue(this.closeAfterAckNanos, System.nanoTime())) {
			closeAfterAge();
		}
	}

	/*
	 * Closing with the client's next messages unread would reset the connection, and a reset can
	 * destroy the ack just written before the client has read it (it would send that message
	 * again: a duplicate). So: no more hand-offs, half-close, discard what the client still sends
	 * until it closes its side or the linger passes, then close.
	 */
	private void closeAfterAge() {
		closeGently(new Closing(CloseReason.AGE, "open for longer than max-connection-age of "
				+ this.settings.maxConnectionAge() + "; closed after an ack so the client reconnects, perhaps to another replica"));
	}

	/*
	 * The same on a drain, a protocol error or a message that failed: the acks of messages handed
	 * off before may still wait in the output buffer of a client that reads slowly; a close now
	 * would throw them away, and a reset (the client's next bytes reaching a closed socket) would
	 * destroy those in the socket's buffer.
	 */
	private void closeGently(Closing reason) {
		// Set at once, from any thread: nothing more is handed off, and a flow's ack still to come is not written.
		if (!this.closing.compareAndSet(null, reason)) {
			return;
		}
		if (this.channel.eventLoop().inEventLoop()) {
			lingerAndClose();
		}
		else {
			this.channel.eventLoop().execute(this::lingerAndClose);
		}
	}

	private void lingerAndClose() {
		if (!this.opened) {
			// Nothing was acked yet (a TLS handshake under way): nothing to wait for.
			this.channel.close();
			return;
		}
		if (!this.channel.isActive()) {
			return;
		}
		this.channel.config().setAutoRead(true);
		SslHandler tls = this.channel.pipeline().get(SslHandler.class);
		if (tls != null) {
			this.channel.flush();
			tls.closeOutbound().addListener(done -> afterWritten(this::halfClose));
		}
		else {
			afterWritten(this::halfClose);
		}
		this.channel.eventLoop().schedule(() -> {
			this.channel.close();
		}, ConnectionAge.LINGER.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void halfClose() {
		if (this.channel instanceof DuplexChannel duplex && this.channel.isActive()) {
			duplex.shutdownOutput();
		}
	}

	private void endOfInput() {
		ByteBuf buffer = this.received;
		ByteBuffer remaining = (buffer != null) ? buffer.nioBuffer(buffer.readerIndex(), buffer.readableBytes())
				: ByteBuffer.allocate(0);
		try {
			this.decoder.endOfStream(remaining);
			closeWith(CloseReason.CLIENT, "closed by the client");
		}
		catch (ProtocolViolation violation) {
			protocolError(violation);
		}
	}

	/* The client's input ended (truncated), or it may still be sending: closed after the acks it is owed. */
	private void protocolError(ProtocolViolation violation) {
		this.events.protocolError(this.peer, this.connectionId, violation);
		String detail = "protocol error: " + violation.getMessage();
		if (violation.kind() == ProtocolViolation.Kind.TRUNCATED) {
			closeWith(CloseReason.CLIENT, detail);
		}
		else {
			closeGently(new Closing(CloseReason.PROTOCOL, detail));
		}
	}

	/* The acks of the messages before this one are owed all the same: closed as gently as for a protocol error. */
	private void notHandedOff(Throwable failure) {
		closeGently(new Closing(CloseReason.ERROR,
				"message not handed off, so not acked: " + ConnectionFailures.rootCause(failure)));
	}

	/* Netty wraps what its handlers (TLS) throw in a DecoderException; the cause says what happened. */
	private static Throwable unwrapped(Throwable cause) {
		return (cause instanceof DecoderException && cause.getCause() != null) ? cause.getCause() : cause;
	}

	private void failed(Throwable cause) {
		Throwable failure = unwrapped(cause);
		switch (ConnectionFailures.classify(failure)) {
			case PEER_GONE -> closeWith(CloseReason.CLIENT, "connection reset by the client");
			default -> closeWith(CloseReason.ERROR, "read failed: " + failure);
		}
	}

	/** The last handler of the channel's pipeline: everything here runs on the channel's loop. */
	final class Handler extends ChannelInboundHandlerAdapter {

		/** Set by the PROXY protocol step: the connection opens once it has read the header. */
		private boolean awaitingProxyHeader;

		void awaitProxyHeader() {
			this.awaitingProxyHeader = true;
		}

		/** The PROXY header was read and accepted: on to TLS, or open. */
		void proxyHeaderRead(ChannelHandlerContext context) {
			this.awaitingProxyHeader = false;
			begin(context);
		}

		@Override
		public void channelActive(ChannelHandlerContext context) throws Exception {
			if (!this.awaitingProxyHeader) {
				begin(context);
			}
			super.channelActive(context);
		}

		/*
		 * Counted as opened before any TLS handshake, as on the blocking transport: every close,
		 * a failed handshake's too, then has its open, and opened - closed stays the connections
		 * held.
		 */
		private void begin(ChannelHandlerContext context) {
			LoopConnection.this.events.opened(LoopConnection.this.peer, LoopConnection.this.connectionId);
			if (context.pipeline().get(SslHandler.class) != null) {
				handshakeStarted(System.nanoTime() + LoopConnection.this.settings.ssl().handshakeTimeout().toNanos());
			}
			else {
				opened();
			}
		}

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			ByteBuf bytes = (ByteBuf) message;
			if (LoopConnection.this.closing.get() != null) {
				// Closing after an ack (age) or refused: what the client still sends is discarded.
				bytes.release();
				return;
			}
			received(bytes);
			if (LoopConnection.this.opened) {
				LoopConnection.this.batching = true;
				decodeAvailable();
			}
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext context) {
			LoopConnection.this.batching = false;
			context.flush();
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
			if (event instanceof SslHandshakeCompletionEvent handshake) {
				boolean inTime = LoopConnection.this.handshakeDeadlineNanos.getAndSet(0) != 0;
				if (handshake.isSuccess()) {
					if (inTime) {
						opened();
					}
				}
				else if (inTime) {
					handshakeFailed(handshake.cause());
				}
			}
			else if (event instanceof ChannelInputShutdownEvent) {
				if (LoopConnection.this.closing.get() != null) {
					context.close();
				}
				else if (!LoopConnection.this.opened) {
					closeWith(CloseReason.CLIENT, LoopConnection.this.handshakeDeadlineNanos.get() != 0
							? "closed by the client during the TLS handshake" : "closed by the client");
				}
				else {
					LoopConnection.this.inputEnded = true;
					decodeAvailable();
				}
			}
			super.userEventTriggered(context, event);
		}

		private void handshakeFailed(Throwable cause) {
			Throwable failure = unwrapped(cause);
			ConnectionFailures.Kind kind = ConnectionFailures.classify(failure);
			if (kind == ConnectionFailures.Kind.PEER_GONE) {
				closeWith(CloseReason.CLIENT, "closed by the client during the TLS handshake");
				return;
			}
			if (failure instanceof NotSslRecordException) {
				tellPlainClientToUseTls();
			}
			String detail = TlsHandshake.describe(kind,
					(failure instanceof IOException io) ? io : new IOException(failure.getMessage(), failure),
					LoopConnection.this.settings);
			LoopConnection.this.events.handshakeFailed(LoopConnection.this.peer, LoopConnection.this.connectionId, detail);
			closeWith(CloseReason.TLS, "TLS handshake failed: " + detail);
		}

		/*
		 * The JDK's TLS socket answers a plain-text client with a fatal alert, which tells a client
		 * (ackgate's own included) that the port speaks TLS; Netty's handler drops such bytes
		 * without an answer. So the alert is written here, in clear, beneath the TLS handler:
		 * TLS 1.2 record, fatal, unexpected_message.
		 */
		private void tellPlainClientToUseTls() {
			ChannelHandlerContext tls = LoopConnection.this.channel.pipeline().context(SslHandler.class);
			if (tls != null) {
				tls.writeAndFlush(Unpooled.wrappedBuffer(UNEXPECTED_MESSAGE_ALERT));
			}
		}

		@Override
		public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
			if (context.channel().isWritable()) {
				LoopConnection.this.unwritableSinceNanos = 0;
				if (!LoopConnection.this.inFlight && LoopConnection.this.closing.get() == null) {
					context.channel().config().setAutoRead(true);
					decodeAvailable();
				}
			}
			else {
				// The peer does not read its acks: stop reading its messages until it does.
				LoopConnection.this.unwritableSinceNanos = System.nanoTime() | 1;
				context.channel().config().setAutoRead(false);
			}
			super.channelWritabilityChanged(context);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			if (LoopConnection.this.handshakeDeadlineNanos.getAndSet(0) != 0) {
				handshakeFailed(cause);
			}
			else {
				failed(cause);
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) throws Exception {
			closed();
			super.channelInactive(context);
		}

	}

	private record Closing(CloseReason reason, String detail) {
	}

}
