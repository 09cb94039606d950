package org.ackgate.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import javax.net.ssl.SSLSession;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
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
 * channel, driven by its {@link LoopConnectionHandler}. It decodes what arrives on the loop
 * thread, in place and without waiting ({@link ReceivedBytes}), and hands each message to the
 * endpoint's gateway, which runs the flow and sends the ack back through {@link #send}, on the
 * loop thread; or, when a subscriber waits for something, on an executor; or, while every such
 * subscriber promises its confirmation instead ({@link Confirmations}), on the loop, the ack held
 * until the promises are kept ({@link HeldAck}). Either way the connection's next message is
 * decoded only once the ack is written, and reading stops once {@link #READ_AHEAD_WHILE_WAITING}
 * bytes of what follows are buffered. Acks written while a read is handled leave in one flush
 * when the read is done, so a client that pipelines gets its acks in as few writes as it sent
 * messages in. Closes wait for the acks written before them ({@link ChannelCloses}).
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

	private final LoopConnectionHandler handler = new LoopConnectionHandler(this);

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

	/** Bytes received and not yet decoded. Loop thread only. */
	private final ReceivedBytes received = new ReceivedBytes();

	private final IncompleteMessageMemory incompleteMessages;

	/** The bytes this connection holds in {@link #incompleteMessages}: its kept buffer's capacity when last counted. */
	private long heldIncomplete;

	/** The thread running this connection's flow off the loop, while it runs; {@code null} otherwise. */
	private volatile @Nullable Thread flowThread;

	/** The ack of a message whose flow ran off the loop, or whose subscribers promised their confirmations. */
	private final HeldAck heldAck = new HeldAck();

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
			@Nullable WaitingFlows offload, IncompleteMessageMemory incompleteMessages) {
		super(publisher);
		this.incompleteMessages = incompleteMessages;
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
	LoopConnectionHandler handler() {
		return this.handler;
	}

	Channel channel() {
		return this.channel;
	}

	TcpServerSettings settings() {
		return this.settings;
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
		if (this.heldAck.isEmpty() && (this.flowThread == Thread.currentThread()
				|| (this.holdingAck && this.channel.eventLoop().inEventLoop()))) {
			// Off the loop, the ack rides with the task that resumes the connection (one wake-up of the
			// loop, not two); on it, it waits for the promised confirmations. Counted when written.
			this.heldAck.hold(buffer, this.decodedAtNanos);
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
		ChannelCloses.afterWritten(this.channel, () -> ChannelCloses.halfClose(this.channel));
	}

	// --- what the sweep and the drain ask

	/** The handshake must be done by this System.nanoTime(), or the sweep closes the connection. */
	private void handshakeStarted(long deadlineNanos) {
		this.handshakeDeadlineNanos.set(deadlineNanos | 1);
	}

	/** The handshake ended: whether it did in time, and not after the sweep closed the connection. */
	boolean handshakeEnded() {
		return this.handshakeDeadlineNanos.getAndSet(0) != 0;
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
			ChannelCloses.closeAfterWrites(this.channel);
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

	/*
	 * Brings this connection's share of the incomplete-message memory up to date with the buffer it
	 * keeps between reads (nothing to do, and no shared counter touched, while there is none). Past the
	 * limit, the buffered bytes are dropped unacked and the connection is closed after the acks it is
	 * owed: false then.
	 */
	private boolean countIncomplete() {
		long kept = this.received.keptCapacity();
		long more = kept - this.heldIncomplete;
		if (more == 0) {
			return true;
		}
		if (more < 0) {
			this.incompleteMessages.release(-more);
			this.heldIncomplete = kept;
			return true;
		}
		if (this.incompleteMessages.tryHold(more)) {
			this.heldIncomplete = kept;
			return true;
		}
		this.received.release();
		this.incompleteMessages.release(this.heldIncomplete);
		this.heldIncomplete = 0;
		this.events.incompleteMessagesOverLimit(this.peer, this.connectionId, this.incompleteMessages.limit());
		closeGently(new Closing(CloseReason.MEMORY, this.incompleteMessages.closeDetail()));
		return false;
	}

	/* Once the channel is closed, whoever closed it: report, unregister, tell Spring Integration. */
	void closed() {
		this.received.release();
		this.incompleteMessages.release(this.heldIncomplete);
		this.heldIncomplete = 0;
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

	// --- the channel's events, on the loop

	/*
	 * Counted as opened before any TLS handshake, as on the blocking transport: every close, a
	 * failed handshake's too, then has its open, and opened - closed stays the connections held.
	 */
	void begin(boolean tls) {
		this.events.opened(this.peer, this.connectionId);
		if (tls) {
			handshakeStarted(System.nanoTime() + this.settings.ssl().handshakeTimeout().toNanos());
		}
		else {
			opened();
		}
	}

	/* Counted as opened already (begin); from here it is served. */
	void opened() {
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
		if (this.received.holdsBuffer()) {
			decodeAvailable();
		}
	}

	void read(ByteBuf bytes) {
		if (this.closing.get() != null) {
			// Closing after an ack (age) or refused: what the client still sends is discarded.
			bytes.release();
			return;
		}
		received(bytes);
		if (this.opened) {
			this.batching = true;
			decodeAvailable();
		}
	}

	/* The read's acks were written as it was decoded; the handler flushes them together now. */
	void readComplete() {
		this.batching = false;
	}

	/* The peer shut its side down. */
	void inputShutdown() {
		if (this.closing.get() != null) {
			this.channel.close();
		}
		else if (!this.opened) {
			closeWith(CloseReason.CLIENT, this.handshakeDeadlineNanos.get() != 0
					? "closed by the client during the TLS handshake" : "closed by the client");
		}
		else {
			this.inputEnded = true;
			decodeAvailable();
		}
	}

	void writabilityChanged(boolean writable) {
		if (writable) {
			this.unwritableSinceNanos = 0;
			if (!this.inFlight && this.closing.get() == null) {
				this.channel.config().setAutoRead(true);
				decodeAvailable();
			}
		}
		else {
			// The peer does not read its acks: stop reading its messages until it does.
			this.unwritableSinceNanos = System.nanoTime() | 1;
			this.channel.config().setAutoRead(false);
		}
	}

	private void received(ByteBuf bytes) {
		this.lastActivityNanos = System.nanoTime();
		this.events.bytesReceived(bytes.readableBytes());
		int buffered = this.received.add(bytes);
		if (!countIncomplete()) {
			return;
		}
		if (this.inFlight && buffered >= READ_AHEAD_WHILE_WAITING) {
			this.channel.config().setAutoRead(false);
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
				if (!this.received.isReadable()) {
					break;
				}
				byte[] message;
				try {
					message = this.received.next(this.decoder);
				}
				catch (ProtocolViolation violation) {
					protocolError(violation);
					return;
				}
				if (message == null) {
					break;
				}
				decoded = true;
				handOff(message);
			}
			this.received.keepLeftover(this.channel.alloc());
			countIncomplete();
			// The message timeout runs from the first byte of the message not yet complete: bytes
			// kept, or bytes a decoder consumed while looking for the next message (garbage).
			if (!this.received.holdsBuffer() && !this.decoder.insideMessage()) {
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
			writeHeldAck(false);
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
			this.heldAck.discard();
			this.inFlight = false;
			this.gate.leave();
			notHandedOff(failure);
			return;
		}
		resumeAfterFlow();
	}

	private void writeHeldAck(boolean flush) {
		if (!this.channel.isActive() || this.closing.get() != null) {
			this.heldAck.discard();
			return;
		}
		this.heldAck.writeTo(this.channel, flush, this.events);
	}

	private void resumeAfterFlow() {
		this.inFlight = false;
		writeHeldAck(true);
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

	/* Closed gently, so that the client reads the ack just written before it reconnects. */
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
		ChannelCloses.lingerAndClose(this.channel);
	}

	private void endOfInput() {
		try {
			this.received.endOfStream(this.decoder);
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

	/* The channel failed outside a TLS handshake. */
	void failed(Throwable failure) {
		switch (ConnectionFailures.classify(failure)) {
			case PEER_GONE -> closeWith(CloseReason.CLIENT, "connection reset by the client");
			default -> closeWith(CloseReason.ERROR, "read failed: " + failure);
		}
	}

	private record Closing(CloseReason reason, String detail) {
	}

}
