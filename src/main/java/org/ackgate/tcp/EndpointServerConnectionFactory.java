package org.ackgate.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.ackgate.system.EndpointBindException;
import org.springframework.scheduling.TaskScheduler;

/**
 * The server connection factory of every TCP endpoint. It binds in {@link #start()}, on the
 * caller's thread, so a port in use fails startup instead of leaving a running service with a
 * dead endpoint; it enforces the connection limit at accept, creates {@link EndpointConnection}s,
 * and sweeps for writes stalled on peers that do not read.
 */
public final class EndpointServerConnectionFactory extends TcpNetServerConnectionFactory {

	private final TcpServerSettings settings;

	private final ConnectionTracker tracker;

	private final TaskScheduler scheduler;

	private volatile @Nullable EndpointServerSocket bound;

	private volatile @Nullable ScheduledFuture<?> watchdog;

	public EndpointServerConnectionFactory(TcpServerSettings settings, Executor executor, TaskScheduler scheduler) {
		super(settings.port());
		this.settings = settings;
		this.tracker = new ConnectionTracker(settings.endpoint(), settings.maxConnections());
		this.scheduler = scheduler;
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
				EndpointConnection connection = new EndpointConnection(socket, publisher, factoryName, this.tracker,
						this.settings);
				connection.whenClosed(closed -> this.connections.remove(closed.getConnectionId()));
				return connection;
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot open the streams of a new connection", ex);
			}
		});
	}

	public TcpServerSettings settings() {
		return this.settings;
	}

	public ConnectionTracker tracker() {
		return this.tracker;
	}

	@Override
	public void start() {
		this.lifecycleMonitor.lock();
		try {
			if (!isActive()) {
				EndpointServerSocket socket = bind();
				this.bound = socket;
				this.tracker.listening(String.valueOf(socket.getLocalSocketAddress()));
				this.watchdog = this.scheduler.scheduleWithFixedDelay(
						() -> {
							this.tracker.sweep(System.nanoTime(), this.settings);
							super.harvestClosedConnections();
						}, sweepInterval());
			}
		}
		finally {
			this.lifecycleMonitor.unlock();
		}
		super.start();
	}

	/*
	 * Spring Integration scans every connection after each accept to drop the closed ones: O(n)
	 * per accept, about 8 s to open 10,000 connections. Here a connection leaves the map as it
	 * closes, and the sweep harvests whatever slipped past (closed before it was added).
	 */
	@Override
	protected void harvestClosedConnections() {
	}

	/** A quarter of the shorter timeout, at most a second: timeouts hold to within 25% or a second. */
	private Duration sweepInterval() {
		Duration shortest = Stream.of(this.settings.readTimeout(), this.settings.writeTimeout(),
				this.settings.messageTimeout()).min(Duration::compareTo).orElseThrow();
		Duration quarter = shortest.dividedBy(4);
		return (quarter.compareTo(Duration.ofSeconds(1)) > 0) ? Duration.ofSeconds(1)
				: (quarter.isZero() ? Duration.ofMillis(1) : quarter);
	}

	private EndpointServerSocket bind() {
		try {
			EndpointServerSocket socket = new EndpointServerSocket(this.tracker);
			// A restart must not wait for the previous process's TIME_WAIT connections.
			socket.setReuseAddress(true);
			InetAddress address = (getLocalAddress() != null) ? InetAddress.getByName(getLocalAddress()) : null;
			socket.bind(new InetSocketAddress(address, super.getPort()), getBacklog());
			return socket;
		}
		catch (IOException ex) {
			throw new EndpointBindException(this.settings.endpoint(), "TCP", super.getPort(), getLocalAddress(), ex);
		}
	}

	@Override
	protected ServerSocket createServerSocket(int port, int backlog, @Nullable InetAddress whichNic) {
		EndpointServerSocket socket = this.bound;
		return (socket != null && !socket.isClosed()) ? socket : bind();
	}

	/** The port actually bound, also when 0 was configured; the configured port before binding. */
	@Override
	public int getPort() {
		EndpointServerSocket socket = this.bound;
		return (socket != null) ? socket.getLocalPort() : super.getPort();
	}

	/** Closes the listening socket and leaves open connections be, so they can drain. */
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

	void startDraining() {
		this.tracker.startDraining();
	}

}
