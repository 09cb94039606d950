package org.ackgate.tcp;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.ackgate.wire.ProtocolViolation;

/**
 * One endpoint's open connections: the connection limit, the lifecycle log lines, the drain
 * flag and the observers (metrics) that hear about every open, close and protocol error.
 */
public final class ConnectionTracker {

	private static final Logger log = LoggerFactory.getLogger(ConnectionTracker.class);

	private final String endpoint;

	private final int maxConnections;

	private final AtomicInteger reserved = new AtomicInteger();

	private final Set<EndpointConnection> open = ConcurrentHashMap.newKeySet();

	private final List<ConnectionObserver> observers = new CopyOnWriteArrayList<>();

	/** Five protocol-error lines per peer address per minute, for at most 1024 addresses at once. */
	private final PeerLogLimiter protocolErrorLog = new PeerLogLimiter(5, Duration.ofMinutes(1), 1024);

	private volatile boolean draining;

	public ConnectionTracker(String endpoint, int maxConnections) {
		this.endpoint = endpoint;
		this.maxConnections = maxConnections;
	}

	public String endpoint() {
		return this.endpoint;
	}

	public void addObserver(ConnectionObserver observer) {
		this.observers.add(observer);
	}

	/** Connections accepted and not yet closed. */
	public int activeConnections() {
		return this.reserved.get();
	}

	public int maxConnections() {
		return this.maxConnections;
	}

	void listening(String address) {
		log.atInfo()
			.addKeyValue("endpoint", this.endpoint)
			.log("{} endpoint listening on TCP {} (at most {} connections)", this.endpoint, address,
					this.maxConnections);
	}

	boolean tryReserve() {
		while (true) {
			int current = this.reserved.get();
			if (current >= this.maxConnections) {
				return false;
			}
			if (this.reserved.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	void release() {
		this.reserved.decrementAndGet();
	}

	void rejected(String peer) {
		log.atWarn()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("peer", peer)
			.addKeyValue("reason", CloseReason.LIMIT.label())
			.log("{} connection from {} refused: at the limit of {} connections", this.endpoint, peer,
					this.maxConnections);
		this.observers.forEach(observer -> observer.rejected(this.endpoint));
	}

	void opened(EndpointConnection connection) {
		this.open.add(connection);
		log.atInfo()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("peer", connection.peer())
			.addKeyValue("connection_id", connection.getConnectionId())
			.log("{} connection opened from {}", this.endpoint, connection.peer());
		this.observers.forEach(observer -> observer.opened(this.endpoint));
	}

	void closed(EndpointConnection connection, CloseReason reason, String detail) {
		this.open.remove(connection);
		log.atInfo()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("peer", connection.peer())
			.addKeyValue("connection_id", connection.getConnectionId())
			.addKeyValue("reason", reason.label())
			.log("{} connection from {} closed: {}", this.endpoint, connection.peer(), detail);
		this.observers.forEach(observer -> observer.closed(this.endpoint, reason));
	}

	/** Every error is counted; the WARN line is rate-limited per peer address. */
	void protocolError(EndpointConnection connection, ProtocolViolation violation) {
		this.observers.forEach(observer -> observer.protocolError(this.endpoint, violation.kind()));
		long suppressed = this.protocolErrorLog.tryAcquire(PeerLogLimiter.hostOf(connection.peer()), System.nanoTime());
		if (suppressed < 0) {
			return;
		}
		log.atWarn()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("peer", connection.peer())
			.addKeyValue("connection_id", connection.getConnectionId())
			.addKeyValue("reason", violation.kind().label())
			.log("{} protocol error from {}: {}; closing the connection{}", this.endpoint, connection.peer(),
					violation.getMessage(), (suppressed > 0)
							? " (" + suppressed + " similar lines from this address suppressed)" : "");
	}

	void bytesReceived(int count) {
		for (ConnectionObserver observer : this.observers) {
			observer.bytesReceived(this.endpoint, count);
		}
	}

	void messageReceived(int payloadBytes) {
		for (ConnectionObserver observer : this.observers) {
			observer.messageReceived(this.endpoint, payloadBytes);
		}
	}

	void replySent(int bytes, long nanosSinceDecode) {
		for (ConnectionObserver observer : this.observers) {
			observer.replySent(this.endpoint, bytes, nanosSinceDecode);
		}
	}

	/** A framed client confirmed an ack, as seed 004's server logs it. */
	public void receipt(String peer) {
		log.atDebug()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("peer", peer)
			.log("{} receipt ok from {}", this.endpoint, peer);
		this.observers.forEach(observer -> observer.receipt(this.endpoint));
	}

	/** The framed codec dropped bytes; counted, not logged per byte. */
	public void skippedBytes(String peer, long count) {
		log.atDebug()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("peer", peer)
			.log("{} skipped {} bytes from {} before a frame", this.endpoint, count, peer);
		this.observers.forEach(observer -> observer.skippedBytes(this.endpoint, count));
	}

	boolean isDraining() {
		return this.draining;
	}

	/** From now on messages are refused, not handed off; see {@link EndpointConnection}. */
	void startDraining() {
		this.draining = true;
	}

	/** Whether some connection is between reading a message and writing its ack. */
	boolean anyInFlight() {
		return this.open.stream().anyMatch(EndpointConnection::isHandling);
	}

	void closeAll(CloseReason reason, String detail) {
		this.open.forEach(connection -> connection.closeWith(reason, detail));
	}

	/**
	 * Closes the connections whose ack the peer does not take, those inside a message for longer
	 * than the message timeout, and those idle past the read timeout.
	 */
	void sweep(long nowNanos, TcpServerSettings settings) {
		long readTimeoutNanos = settings.readTimeout().toNanos();
		long writeTimeoutNanos = settings.writeTimeout().toNanos();
		long messageTimeoutNanos = settings.messageTimeout().toNanos();
		for (EndpointConnection connection : this.open) {
			if (connection.isWriteStalled(nowNanos, writeTimeoutNanos)) {
				connection.closeWith(CloseReason.IDLE, "ack not read by the peer within the write timeout");
			}
			else if (connection.isMessageStalled(nowNanos, messageTimeoutNanos)) {
				connection.closeWith(CloseReason.SLOW,
						"message not completed within the message timeout of " + settings.messageTimeout());
			}
			else if (connection.isIdle(nowNanos, readTimeoutNanos)) {
				connection.closeWith(CloseReason.IDLE,
						"idle for longer than the read timeout of " + settings.readTimeout());
			}
		}
	}

}
