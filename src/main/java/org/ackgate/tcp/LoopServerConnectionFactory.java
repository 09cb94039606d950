package org.ackgate.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.BiFunction;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.scheduling.TaskScheduler;

import org.ackgate.net.AddressText;
import org.ackgate.system.EndpointBindException;
import org.ackgate.wire.IncrementalDecoder;

/**
 * Plugs one TCP ack endpoint into Spring Integration on Netty's event loops
 * ({@code ackgate.tcp.transport: event-loop}): a Spring Integration server connection factory
 * whose connections ({@link LoopConnection}) are Netty channels, so the endpoint's
 * {@code TcpInboundGateway}, its channels and the flow behind them stay as they are. It binds in
 * {@link #start()}, on the caller's thread (a port in use fails startup), admits each accepted
 * connection through {@link ConnectionAdmission} before anything is read, layers TLS with Netty's
 * {@link SslHandler} over the same SSL bundle, reads a balancer's PROXY header first
 * ({@link LoopProxyHeaderHandler}), and keeps its connections in {@link OpenConnections}, whose
 * sweep enforces the same deadlines as on the blocking transport.
 */
public final class LoopServerConnectionFactory extends AbstractServerConnectionFactory
		implements EndpointServerConnectionFactory {

	/** Unique per process, so connection ids from two runs are never confused in logs. */
	private static final String ID_PREFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

	private final TcpServerSettings settings;

	private final EventLoops loops;

	/** What all connections hold for incomplete messages, shared with every other endpoint. */
	private final IncompleteMessageMemory incompleteMessages;

	private final BiFunction<ConnectionEvents, String, IncrementalDecoder> decoders;

	private final @Nullable WaitingFlows offload;

	private final ConnectionAdmission admission;

	private final OpenConnections open;

	private final ConnectionEvents events;

	private final TaskScheduler scheduler;

	private final @Nullable ServerTls tls;

	private final AtomicLong nextId = new AtomicLong();

	/** The listening sockets: {@code ackgate.tcp.accept-queues} of them on one port, the first decides the port. */
	private volatile List<Channel> servers = List.of();

	private volatile @Nullable ScheduledFuture<?> watchdog;

	private volatile boolean released;

	private volatile Consumer<TcpConnection> whenOpened = connection -> {
	};

	/**
	 * @param decoders a decoder per connection, given the endpoint's events and the peer, for codecs that report
	 * @param offload how a message's flow runs when a subscriber waits; {@code null} when none does: on the loop
	 */
	LoopServerConnectionFactory(TcpServerSettings settings, EventLoops loops,
			BiFunction<ConnectionEvents, String, IncrementalDecoder> decoders,
			@Nullable WaitingFlows offload, TaskScheduler scheduler, @Nullable ServerTls tls,
			IncompleteMessageMemory incompleteMessages) {
		super(settings.port());
		this.settings = settings;
		this.loops = loops;
		this.decoders = decoders;
		this.offload = offload;
		this.admission = ConnectionAdmission.of(settings);
		this.events = new ConnectionEvents(settings.endpoint());
		this.open = new OpenConnections(settings, this.events);
		this.scheduler = scheduler;
		this.tls = tls;
		this.incompleteMessages = incompleteMessages;
		setBacklog(settings.backlog());
		setMapper(new EndpointMessageMapper());
		if (settings.bindAddress() != null) {
			setLocalAddress(settings.bindAddress());
		}
	}

	@Override
	public AbstractServerConnectionFactory connectionFactory() {
		return this;
	}

	@Override
	public TcpServerSettings settings() {
		return this.settings;
	}

	@Override
	public ConnectionAdmission admission() {
		return this.admission;
	}

	@Override
	public OpenConnections connections() {
		return this.open;
	}

	@Override
	public ConnectionEvents events() {
		return this.events;
	}

	@Override
	public boolean isTls() {
		return this.tls != null;
	}

	/** Whether messages' flows run off the loop, because a subscriber waits. */
	boolean runsFlowsOffTheLoop() {
		return this.offload != null;
	}

	/** What the loops are built on (ackgate.tcp.loop-io): io_uring, epoll or NIO's server channel. */
	Class<? extends ServerChannel> serverChannelType() {
		return this.loops.channelType();
	}

	@Override
	public void whenOpened(Consumer<TcpConnection> listener) {
		this.whenOpened = listener;
	}

	@Override
	public int registeredConnections() {
		return this.connections.size();
	}

	@Override
	public void start() {
		this.lifecycleMonitor.lock();
		try {
			if (isActive()) {
				return;
			}
			List<Channel> bound = bind();
			this.servers = bound;
			setActive(true);
			setListening(true);
			InetSocketAddress address = (InetSocketAddress) bound.get(0).localAddress();
			this.events.listening(AddressText.listening(address.getAddress(), address.getPort()),
					ListeningAccess.describe(this.settings, this.tls), this.settings.maxConnections());
			this.watchdog = this.scheduler.scheduleWithFixedDelay(() -> this.open.sweep(System.nanoTime()),
					this.open.sweepInterval(this.tls != null));
			publishServerListeningEvent(address.getPort());
		}
		finally {
			this.lifecycleMonitor.unlock();
		}
	}

	@Override
	public void release() {
		this.lifecycleMonitor.lock();
		try {
			this.released = true;
			for (Channel bound : this.servers) {
				bound.config().setAutoRead(true);
			}
		}
		finally {
			this.lifecycleMonitor.unlock();
		}
	}

	/** Never called: {@link #start()} binds the server channel, and Netty's loops accept. */
	@Override
	public void run() {
	}

	private List<Channel> bind() {
		int sockets = this.loops.acceptQueues();
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.loops.acceptors(), this.loops.workers())
			.channel(this.loops.channelType())
			// A restart must not wait for the previous process's TIME_WAIT connections.
			.option(ChannelOption.SO_REUSEADDR, true)
			.option(ChannelOption.SO_BACKLOG, this.settings.backlog())
			// Until released, connections wait in the kernel's accept queue (ServedOnRelease).
			.option(ChannelOption.AUTO_READ, this.released)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
			// The peer's half-close is a message boundary, not the end: its last messages still get their acks.
			.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
			.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
					new WriteBufferWaterMark(LoopConnection.WRITE_HIGH_WATER_MARK / 2, LoopConnection.WRITE_HIGH_WATER_MARK))
			// Each listening channel pauses its accepts when the process runs out of file descriptors.
			.handler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel server) {
					server.pipeline().addLast(new LoopAcceptPause(LoopServerConnectionFactory.this.events));
				}
			})
			.childHandler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel channel) {
					accepted(channel);
				}
			});
		String host = getLocalAddress();
		InetSocketAddress address = (host != null) ? new InetSocketAddress(host, super.getPort())
				: new InetSocketAddress(super.getPort());
		ChannelOption<Boolean> reusePort = this.loops.reusePort();
		if (sockets > 1 && reusePort != null) {
			// Sockets that share a port with SO_REUSEPORT would also share it with another process of
			// this user doing the same (a second ackgate on the same port, say): a port in use must
			// still fail startup, so it is bound once alone first.
			requireFree(address, host);
			bootstrap.option(reusePort, true);
		}
		List<Channel> bound = new ArrayList<>(sockets);
		try {
			// The first socket decides the port (port 0: an ephemeral one); the others join it.
			bound.add(bindOne(bootstrap, address, host));
			InetSocketAddress shared = new InetSocketAddress(address.getAddress(),
					((InetSocketAddress) bound.get(0).localAddress()).getPort());
			while (bound.size() < sockets) {
				bound.add(bindOne(bootstrap, shared, host));
			}
		}
		catch (RuntimeException ex) {
			bound.forEach(channel -> channel.close().awaitUninterruptibly());
			throw ex;
		}
		return List.copyOf(bound);
	}

	private Channel bindOne(ServerBootstrap bootstrap, InetSocketAddress address, @Nullable String host) {
		ChannelFuture binding = bootstrap.bind(address).awaitUninterruptibly();
		if (!binding.isSuccess()) {
			throw new EndpointBindException(this.settings.endpoint(), "TCP", address.getPort(), host, binding.cause());
		}
		return binding.channel();
	}

	private void requireFree(InetSocketAddress address, @Nullable String host) {
		if (address.getPort() == 0) {
			return;
		}
		try (ServerSocket alone = new ServerSocket()) {
			alone.setReuseAddress(true);
			alone.bind(address, 1);
		}
		catch (IOException ex) {
			throw new EndpointBindException(this.settings.endpoint(), "TCP", address.getPort(), host, ex);
		}
	}

	/* On the loop that will serve the channel, before it reads anything. */
	private void accepted(Channel channel) {
		Peer peer = new Peer((InetSocketAddress) channel.remoteAddress(), null);
		AdmissionSlot slot = new AdmissionSlot(this.admission);
		ConnectionAdmission.Refusal refused = this.settings.proxyProtocol().enabled()
				? slot.admitBalancer(peer, this.settings.proxyProtocol().trustedList()) : slot.admit(peer);
		if (refused != null) {
			this.events.refused(peer, refused);
			channel.close();
			return;
		}
		channel.closeFuture().addListener(closed -> slot.release());
		String id = peer.hostAddress() + ":" + peer.port() + ":" + ID_PREFIX + "-" + this.nextId.incrementAndGet();
		LoopConnection connection = new LoopConnection(channel, id, getApplicationEventPublisher(), this.events,
				this.settings, this.open::isDraining, this.decoders.apply(this.events, peer.toString()), this.offload,
				this.incompleteMessages);
		connection.setMapper(getMapper());
		connection.registerListener(getListener());
		connection.registerSenders(getSenders());
		this.open.add(connection);
		this.connections.put(id, connection);
		connection.whenOpened(opened -> this.whenOpened.accept(opened));
		connection.whenClosed(closed -> {
			this.open.remove(closed);
			this.connections.remove(closed.getConnectionId());
		});
		ChannelPipeline pipeline = channel.pipeline();
		if (this.settings.proxyProtocol().enabled()) {
			connection.handler().awaitProxyHeader();
			pipeline.addLast(new LoopProxyHeaderHandler(connection, slot, this.settings.proxyProtocol().headerTimeout()));
		}
		ServerTls serverTls = this.tls;
		if (serverTls != null) {
			SslHandler handler = new SslHandler(serverTls.newEngine());
			// The endpoint's sweep bounds the handshake, as on the blocking transport, and says why it closed.
			handler.setHandshakeTimeoutMillis(0);
			pipeline.addLast(handler);
		}
		pipeline.addLast(connection.handler());
	}

	@Override
	public int getPort() {
		List<Channel> bound = this.servers;
		return bound.isEmpty() ? super.getPort() : ((InetSocketAddress) bound.get(0).localAddress()).getPort();
	}

	@Override
	public boolean isAccepting() {
		List<Channel> bound = this.servers;
		return isActive() && !bound.isEmpty() && bound.stream().allMatch(Channel::isOpen);
	}

	@Override
	public void stopAccepting() {
		// Closed together: a connection the kernel placed in a socket's queue is reset when it closes.
		List<ChannelFuture> closing = this.servers.stream().map(Channel::close).toList();
		closing.forEach(ChannelFuture::awaitUninterruptibly);
	}

	@Override
	public void startDraining() {
		this.open.startDraining();
	}

	@Override
	public void stop() {
		ScheduledFuture<?> sweeper = this.watchdog;
		if (sweeper != null) {
			sweeper.cancel(false);
		}
		stopAccepting();
		setListening(false);
		// Closes every registered connection (on its loop) and tells the gateway.
		super.stop();
		this.servers = List.of();
	}

	@Override
	protected void harvestClosedConnections() {
		// Connections leave the registry as they close (whenClosed above): nothing to scan.
	}

}
