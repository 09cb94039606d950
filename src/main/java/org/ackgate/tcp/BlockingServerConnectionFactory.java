package org.ackgate.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.DefaultTcpSocketSupport;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.ackgate.net.AddressText;
import org.ackgate.system.EndpointBindException;
import org.springframework.scheduling.TaskScheduler;

/**
 * Plugs one TCP endpoint into Spring Integration: it binds in {@link #start()}, on the caller's
 * thread, so a port in use fails startup instead of leaving a running service with a dead
 * endpoint, and it assembles the endpoint's parts: {@link ConnectionAdmission} at accept (in
 * {@link EndpointServerSocket}), TLS over accepted sockets ({@link ServerTls}),
 * {@link EndpointConnection}s registered in {@link OpenConnections} and swept there on a
 * schedule, and {@link ConnectionEvents} for what happens to them.
 */
public final class BlockingServerConnectionFactory extends TcpNetServerConnectionFactory
		implements EndpointServerConnectionFactory {

	private final TcpServerSettings settings;

	private final ConnectionAdmission admission;

	private final OpenConnections open;

	private final ConnectionEvents events;

	private final TaskScheduler scheduler;

	private final @Nullable ServerTls tls;

	private volatile @Nullable EndpointServerSocket bound;

	private volatile @Nullable ScheduledFuture<?> watchdog;

	private volatile boolean released;

	private volatile Consumer<TcpConnection> whenOpened = connection -> {
	};

	private final IncompleteMessageMemory incompleteMessages;

	BlockingServerConnectionFactory(TcpServerSettings settings, Executor executor, TaskScheduler scheduler,
			@Nullable ServerTls tls, IncompleteMessageMemory incompleteMessages) {
		super(settings.port());
		this.settings = settings;
		this.admission = ConnectionAdmission.of(settings);
		this.events = new ConnectionEvents(settings.endpoint());
		this.open = new OpenConnections(settings, this.events);
		this.scheduler = scheduler;
		this.tls = tls;
		this.incompleteMessages = incompleteMessages;
		// Spring Integration's default verifies the peer's host name on TLS sockets; for a server
		// that would check client certificates against the client's address. Trust decides.
		setTcpSocketSupport(new DefaultTcpSocketSupport(false));
		setBacklog(settings.backlog());
		// No read timeout on the socket: a timed read arms and cancels a timer per message on a
		// virtual thread; the sweep in start() closes idle connections instead.
		setSoTcpNoDelay(true);
		setLookupHost(false);
		setTaskExecutor(executor);
		setMapper(new EndpointMessageMapper());
		if (settings.bindAddress() != null) {
			setLocalAddress(settings.bindAddress());
		}
		setTcpNetConnectionSupport((socket, server, lookupHost, publisher, factoryName) -> {
			try {
				EndpointConnection connection = new EndpointConnection(socket, publisher, factoryName, this.events,
						this.open::isDraining, this.settings, this.incompleteMessages);
				EndpointServerSocket listening = this.bound;
				if (this.settings.proxyProtocol().enabled() && listening != null) {
					connection.behindBalancer(new ProxyHeaderStep(listening.transportOf(socket), this.admission,
							this.settings.proxyProtocol().headerTimeout()));
				}
				this.open.add(connection);
				connection.whenOpened(opened -> this.whenOpened.accept(opened));
				connection.whenClosed(closed -> {
					this.open.remove(closed);
					this.connections.remove(closed.getConnectionId());
				});
				return connection;
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot open the streams of a new connection", ex);
			}
		});
	}

	@Override
	public AbstractServerConnectionFactory connectionFactory() {
		return this;
	}

	@Override
	public TcpServerSettings settings() {
		return this.settings;
	}

	/** Who may connect, and how many are connected now. */
	@Override
	public ConnectionAdmission admission() {
		return this.admission;
	}

	/** The open connections, their deadlines and the drain. */
	@Override
	public OpenConnections connections() {
		return this.open;
	}

	/** Where the endpoint's connection events are logged and observed; metrics add their observer here. */
	@Override
	public ConnectionEvents events() {
		return this.events;
	}

	/**
	 * Hears each connection once it is open (after the TLS handshake, before anything is read),
	 * on the connection's own thread; see {@link ConnectionOpenedProducer}.
	 */
	@Override
	public void whenOpened(Consumer<TcpConnection> listener) {
		this.whenOpened = listener;
	}

	/** Whether the endpoint speaks TLS. */
	@Override
	public boolean isTls() {
		return this.tls != null;
	}

	@Override
	public void start() {
		this.lifecycleMonitor.lock();
		try {
			if (!isActive()) {
				EndpointServerSocket socket = bind();
				this.bound = socket;
				this.events.listening(AddressText.listening(socket.getInetAddress(), socket.getLocalPort()), ListeningAccess.describe(this.settings, this.tls),
						this.settings.maxConnections());
				this.watchdog = this.scheduler.scheduleWithFixedDelay(() -> {
					this.open.sweep(System.nanoTime());
					removeClosedConnections();
				}, this.open.sweepInterval(this.tls != null));
			}
		}
		finally {
			this.lifecycleMonitor.unlock();
		}
		super.start();
	}

	@Override
	public void release() {
		this.lifecycleMonitor.lock();
		try {
			this.released = true;
			EndpointServerSocket socket = this.bound;
			if (socket != null) {
				socket.release();
			}
		}
		finally {
			this.lifecycleMonitor.unlock();
		}
	}

	/*
	 * Spring Integration scans every connection after each accept to drop the closed ones: O(n)
	 * per accept, about 8 s to open 10,000 connections. Here a connection leaves the map as it
	 * closes, and the sweep harvests whatever slipped past (closed before it was added).
	 */
	@Override
	protected void harvestClosedConnections() {
	}

	/*
	 * What Spring Integration's harvest does, without its lock: every accept takes that lock to
	 * register its connection, and the harvest holds it while it walks every open connection and
	 * lists their ids, so a sweep during a connect storm parked the accept loop behind it. The map
	 * is concurrent; a connection closed before it was registered is dropped here, and its senders
	 * (the gateway) told, as the harvest does.
	 */
	/** How many connections Spring Integration's registry holds: the open ones, and closed ones not yet swept. */
	@Override
	public int registeredConnections() {
		return this.connections.size();
	}

	private void removeClosedConnections() {
		this.connections.values().removeIf(connection -> {
			if (connection.isOpen()) {
				return false;
			}
			connection.getSenders().forEach(sender -> sender.removeDeadConnection(connection));
			return true;
		});
	}

	private EndpointServerSocket bind() {
		try {
			EndpointServerSocket socket = new EndpointServerSocket(this.admission, this.events, this.tls,
					this.settings.proxyProtocol().enabled() ? this.settings.proxyProtocol().trustedList() : null);
			// A restart must not wait for the previous process's TIME_WAIT connections.
			socket.setReuseAddress(true);
			InetAddress address = (getLocalAddress() != null) ? InetAddress.getByName(getLocalAddress()) : null;
			socket.bind(new InetSocketAddress(address, super.getPort()), getBacklog());
			if (this.released) {
				socket.release();
			}
			return socket;
		}
		catch (IOException ex) {
			throw new EndpointBindException(this.settings.endpoint(), "TCP", super.getPort(), getLocalAddress(), ex);
		}
	}

	@Override
	protected ServerSocket createServerSocket(int port, int backlog, @Nullable InetAddress whichNic) {
		this.lifecycleMonitor.lock();
		try {
			EndpointServerSocket socket = this.bound;
			if (socket == null || socket.isClosed()) {
				socket = bind();
				this.bound = socket;
			}
			return socket;
		}
		finally {
			this.lifecycleMonitor.unlock();
		}
	}

	/** The port actually bound, also when 0 was configured; the configured port before binding. */
	@Override
	public int getPort() {
		EndpointServerSocket socket = this.bound;
		return (socket != null) ? socket.getLocalPort() : super.getPort();
	}

	/** Closes the listening socket and leaves open connections be, so they can drain. */
	@Override
	public void stopAccepting() {
		EndpointServerSocket socket = this.bound;
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				logger.debug(ex, "Closing the listening socket failed");
			}
		}
	}

	/**
	 * Whether the listening socket is open: from the moment start() bound it, the kernel completes
	 * connections into the backlog, even before the accept loop's thread first runs (which under
	 * load can be later; Spring Integration's isListening() waits for that thread).
	 */
	@Override
	public boolean isAccepting() {
		EndpointServerSocket socket = this.bound;
		return isActive() && socket != null && !socket.isClosed();
	}

	@Override
	public void stop() {
		ScheduledFuture<?> sweeper = this.watchdog;
		if (sweeper != null) {
			sweeper.cancel(false);
		}
		super.stop();
		this.bound = null;
	}

	@Override
	public void startDraining() {
		this.open.startDraining();
	}

}
