package org.ackgate.tcp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.ackgate.wire.ProtocolViolation;

/**
 * One endpoint's open connections: the connection limits (total and per source address), the
 * lifecycle log lines, the drain flag and the observers (metrics) that hear about every open,
 * close, refusal and protocol error.
 */
public final class ConnectionTracker {

	private static final Logger log = LoggerFactory.getLogger(ConnectionTracker.class);

	private final String endpoint;

	private final int maxConnections;

	private final int maxPerSource;

	private final AtomicInteger reserved = new AtomicInteger();

	/** Slots held per source address; only with a per-source limit. At most max-connections entries. */
	private final Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();

	/** Connections in their TLS handshake, with the System.nanoTime() by which it must be done. */
	private final Map<EndpointConnection, Long> handshakes = new ConcurrentHashMap<>();

	private final Set<EndpointConnection> open = ConcurrentHashMap.newKeySet();

	private final List<ConnectionObserver> observers = new CopyOnWriteArrayList<>();

	/** Five protocol-error lines per peer address per minute, for at most 1024 addresses at once. */
	private final PeerLogLimiter protocolErrorLog = new PeerLogLimiter(5, Duration.ofMinutes(1), 1024);

	/** The same budget for connections refused at accept and for failed TLS handshakes. */
	private final PeerLogLimiter refusalLog = new PeerLogLimiter(5, Duration.ofMinutes(1), 1024);

	private volatile boolean draining;

	public ConnectionTracker(String endpoint, int maxConnections) {
		this(endpoint, maxConnections, 0);
	}

	/**
	 * @param maxPerSource connections at once from one source address, 0 for no limit
	 */
	public ConnectionTracker(String endpoint, int maxConnections, int maxPerSource) {
		this.endpoint = endpoint;
		this.maxConnections = maxConnections;
		this.maxPerSource = maxPerSource;
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

	/** @param access TLS and source restrictions, each followed by ", " (empty when none) */
	void listening(String address, String access) {
		log.atInfo()
			.addKeyValue("endpoint", this.endpoint)
			.log("{} endpoint listening on TCP {} ({}at most {} connections)", this.endpoint, address, access,
					this.maxConnections);
	}

	/**
	 * Takes a slot for a connection just accepted from this source, if the limits allow it.
	 * @return {@code null} when the slot is taken (give it back with {@link #release}), otherwise
	 * why not: {@link CloseReason#LIMIT} or {@link CloseReason#SOURCE_LIMIT}
	 */
	@Nullable CloseReason tryReserve(InetAddress source) {
		while (true) {
			int current = this.reserved.get();
			if (current >= this.maxConnections) {
				return CloseReason.LIMIT;
			}
			if (this.reserved.compareAndSet(current, current + 1)) {
				break;
			}
		}
		if (this.maxPerSource > 0 && !tryReserveForSource(source)) {
			this.reserved.decrementAndGet();
			return CloseReason.SOURCE_LIMIT;
		}
		return null;
	}

	private boolean tryReserveForSource(InetAddress source) {
		boolean[] granted = new boolean[1];
		this.perSource.compute(source, (address, held) -> {
			int current = (held != null) ? held : 0;
			if (current >= this.maxPerSource) {
				return held;
			}
			granted[0] = true;
			return current + 1;
		});
		return granted[0];
	}

	void release(InetAddress source) {
		if (this.maxPerSource > 0) {
			this.perSource.computeIfPresent(source, (address, held) -> (held > 1) ? held - 1 : null);
		}
		this.reserved.decrementAndGet();
	}

	/** Connections held now by one source address (0 without a per-source limit). */
	int connectionsFrom(InetAddress source) {
		Integer held = this.perSource.get(source);
		return (held != null) ? held : 0;
	}

	/** Counted every time; the WARN line is rate-limited per source address, as scanners retry in loops. */
	void rejected(String peer, CloseReason reason) {
		this.observers.forEach(observer -> observer.rejected(this.endpoint, reason));
		long suppressed = this.refusalLog.tryAcquire(PeerLogLimiter.hostOf(peer), System.nanoTime());
		if (suppressed < 0) {
			return;
		}
		String why = switch (reason) {
			case LIMIT -> "at the limit of " + this.maxConnections + " connections";
			case SOURCE_LIMIT -> "this address already has " + this.maxPerSource + " connections";
			case DENIED -> "the address is not in the endpoint's allow list";
			default -> reason.label();
		};
		log.atWarn()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("peer", peer)
			.addKeyValue("reason", reason.label())
			.log("{} connection from {} refused: {}{}", this.endpoint, peer, why,
					suppressedNote(suppressed));
	}

	/** A TLS handshake failed; the connection closes with reason {@code tls}, counted there. */
	void handshakeFailed(EndpointConnection connection, String detail) {
		long suppressed = this.refusalLog.tryAcquire(PeerLogLimiter.hostOf(connection.peer()), System.nanoTime());
		if (suppressed < 0) {
			return;
		}
		log.atWarn()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("peer", connection.peer())
			.addKeyValue("connection_id", connection.getConnectionId())
			.addKeyValue("reason", CloseReason.TLS.label())
			.log("{} TLS handshake with {} failed: {}; closing the connection{}", this.endpoint, connection.peer(),
					detail, suppressedNote(suppressed));
	}

	private static String suppressedNote(long count) {
		return (count > 0) ? " (" + count + " similar lines from this address suppressed)" : "";
	}

	void handshakeStarted(EndpointConnection connection, long deadlineNanos) {
		this.handshakes.put(connection, deadlineNanos);
	}

	/** @return {@code false} when the handshake had been ended already, by the watchdog or by the close */
	boolean handshakeEnded(EndpointConnection connection) {
		return this.handshakes.remove(connection) != null;
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
		this.handshakes.remove(connection);
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
					violation.getMessage(), suppressedNote(suppressed));
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

	/** Closes connections whose TLS handshake is past its deadline: a silent or slow client holds no slot for long. */
	void closeStalledHandshakes(long nowNanos) {
		this.handshakes.forEach((connection, deadline) -> {
			if (nowNanos - deadline > 0 && this.handshakes.remove(connection) != null) {
				handshakeFailed(connection, "not completed within the handshake timeout");
				connection.closeWith(CloseReason.TLS, "TLS handshake not completed within the handshake timeout");
			}
		});
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
