package org.ackgate.tcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.ackgate.wire.ProtocolViolation;

/**
 * Tells the log and the observers (metrics) what happens to an endpoint's connections: every
 * event reaches every observer, while warnings are rate-limited per peer address and open and
 * close lines are summed up once per second above {@value #LIFECYCLE_LINES_PER_SECOND} a second.
 */
public final class ConnectionEvents {

	private static final Logger log = LoggerFactory.getLogger(ConnectionEvents.class);

	/** Open and close lines per second logged one by one; a connect storm beyond it gets a summary a second. */
	static final int LIFECYCLE_LINES_PER_SECOND = 100;

	private final String endpoint;

	private final LongSupplier nanoTime;

	private final LifecycleLogRate lifecycleLog = new LifecycleLogRate(LIFECYCLE_LINES_PER_SECOND,
			Duration.ofSeconds(1).toNanos());

	private final List<ConnectionObserver> observers = new CopyOnWriteArrayList<>();

	/** Five protocol-error lines per peer address per minute, for at most 1024 addresses at once. */
	private final PeerLogLimiter protocolErrorLog = new PeerLogLimiter(5, Duration.ofMinutes(1), 1024);

	/** The same budget for connections refused at accept and for failed TLS handshakes. */
	private final PeerLogLimiter refusalLog = new PeerLogLimiter(5, Duration.ofMinutes(1), 1024);

	/** One line per ten seconds while accepts fail for want of file descriptors or socket memory. */
	private final PeerLogLimiter acceptShortageLog = new PeerLogLimiter(1, Duration.ofSeconds(10), 1);

	/** One line per ten seconds while connections are closed for the incomplete-message memory. */
	private final PeerLogLimiter incompleteMessagesLog = new PeerLogLimiter(1, Duration.ofSeconds(10), 1);

	/** Whether the last accept failed for a shortage; read at every open, hence volatile. */
	private volatile boolean shortOfResources;

	private long shortSinceNanos;

	private long failedAccepts;

	private boolean shortageLogged;

	public ConnectionEvents(String endpoint) {
		this(endpoint, System::nanoTime);
	}

	/** @param nanoTime the clock of the log rates, {@code System::nanoTime} outside tests */
	ConnectionEvents(String endpoint, LongSupplier nanoTime) {
		this.endpoint = endpoint;
		this.nanoTime = nanoTime;
	}

	public String endpoint() {
		return this.endpoint;
	}

	public void addObserver(ConnectionObserver observer) {
		this.observers.add(observer);
	}

	/** @param access TLS and source restrictions, each followed by ", " (empty when none) */
	void listening(String address, String access, int maxConnections) {
		log.atInfo()
			.addKeyValue("endpoint", this.endpoint)
			.log("{} endpoint listening on TCP {} ({}at most {} connections)", this.endpoint, address, access,
					maxConnections);
	}

	/** Counted every time; the WARN line is rate-limited per source address, as scanners retry in loops. */
	void refused(Peer peer, ConnectionAdmission.Refusal refusal) {
		this.observers.forEach(observer -> observer.rejected(this.endpoint, refusal.reason()));
		warn(this.refusalLog, peer, null, refusal.reason().label(),
				() -> "connection from " + peer.described() + " refused: " + refusal.why());
	}

	/**
	 * A connection from a load balancer without a valid PROXY header in time: counted as a
	 * protocol error ({@code proxy_header}) and a connection closed with reason {@code protocol};
	 * one WARN line, rate-limited per balancer address as other refusals are.
	 */
	void proxyHeaderFailed(Peer balancer, String detail) {
		this.observers.forEach(observer -> observer.protocolError(this.endpoint, ProtocolViolation.Kind.PROXY_HEADER));
		this.observers.forEach(observer -> observer.rejected(this.endpoint, CloseReason.PROTOCOL));
		long suppressed = this.refusalLog.tryAcquire(balancer.host(), this.nanoTime.getAsLong());
		if (suppressed < 0) {
			return;
		}
		log.atWarn()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("peer", balancer.toString())
			.addKeyValue("reason", CloseReason.PROTOCOL.label())
			.addKeyValue("protocol_error", ProtocolViolation.Kind.PROXY_HEADER.label())
			.log("{} connection from load balancer {} refused: no valid PROXY header ({}){}", this.endpoint, balancer,
					detail, suppressedNote(suppressed));
	}

	/** A balancer's connection that ended before its PROXY header (a plain TCP health check): counted, logged at DEBUG. */
	void closedBeforeHeader(Peer balancer, CloseReason reason, String detail) {
		this.observers.forEach(observer -> observer.rejected(this.endpoint, reason));
		log.atDebug()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("peer", balancer.toString())
			.addKeyValue("reason", reason.label())
			.log("{} connection from load balancer {} closed: {}", this.endpoint, balancer, detail);
	}

	/** A TLS handshake failed; the connection closes with reason {@code tls}, counted there. */
	void handshakeFailed(Peer peer, String connectionId, String detail) {
		warn(this.refusalLog, peer, connectionId, CloseReason.TLS.label(),
				() -> "TLS handshake with " + peer.described() + " failed: " + detail + "; closing the connection");
	}

	/**
	 * A WARN line about a peer, unless the peer's budget in this limiter is spent; the first line
	 * let through after a suppression says how many were held back.
	 * @param connectionId the connection's id, or {@code null} before there is a connection
	 * @param what the line after the endpoint's name, built only when it is logged
	 */
	private void warn(PeerLogLimiter limiter, Peer peer, @Nullable String connectionId, String reason,
			Supplier<String> what) {
		long suppressed = limiter.tryAcquire(peer.host(), this.nanoTime.getAsLong());
		if (suppressed < 0) {
			return;
		}
		LoggingEventBuilder line = log.atWarn()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("peer", peer.toString())
			.addKeyValue("via", peer.viaText());
		if (connectionId != null) {
			line = line.addKeyValue("connection_id", connectionId);
		}
		line.addKeyValue("reason", reason)
			.log("{} {}{}", this.endpoint, what.get(), suppressedNote(suppressed));
	}

	private static String suppressedNote(long count) {
		return (count > 0) ? " (" + count + " similar lines from this address suppressed)" : "";
	}

	/**
	 * An accept failed for want of file descriptors or socket memory ({@link AcceptShortage}): counted
	 * every time, one WARN line per ten seconds with what ran out, and a line once accepts work again.
	 */
	void acceptFailed(AcceptShortage shortage) {
		this.observers.forEach(observer -> observer.acceptFailed(this.endpoint));
		long now = this.nanoTime.getAsLong();
		long suppressed;
		synchronized (this) {
			if (!this.shortOfResources) {
				this.shortSinceNanos = now;
				this.shortOfResources = true;
			}
			this.failedAccepts++;
			suppressed = this.acceptShortageLog.tryAcquire(this.endpoint, now);
			if (suppressed < 0) {
				return;
			}
			this.shortageLogged = true;
		}
		log.atWarn()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("reason", shortage.errno())
			.log("{} endpoint cannot accept connections: {}; trying again every {} ms while new connections wait in "
					+ "the listen backlog{}", this.endpoint, shortage.describe(AcceptShortage.processFileLimit()),
					AcceptShortage.RETRY.toMillis(),
					(suppressed > 0) ? " (" + suppressed + " more failed accepts since the last line)" : "");
	}

	/* Said only after a shortage that was logged: short ones under the log's budget pass silently, counted. */
	private void acceptingAgain() {
		long failed;
		long since;
		synchronized (this) {
			if (!this.shortOfResources) {
				return;
			}
			this.shortOfResources = false;
			failed = this.failedAccepts;
			since = this.shortSinceNanos;
			this.failedAccepts = 0;
			if (!this.shortageLogged) {
				return;
			}
			this.shortageLogged = false;
		}
		log.atInfo()
			.addKeyValue("endpoint", this.endpoint)
			.log("{} endpoint accepts connections again, after {} failed accepts over {} ms", this.endpoint, failed,
					Duration.ofNanos(this.nanoTime.getAsLong() - since).toMillis());
	}

	/**
	 * A connection is closed because the incomplete messages of all connections would pass
	 * {@code ackgate.tcp.incomplete-message-memory}: counted with its close (reason {@code memory}),
	 * one WARN line per ten seconds.
	 */
	void incompleteMessagesOverLimit(Peer peer, String connectionId, long limit) {
		long suppressed = this.incompleteMessagesLog.tryAcquire(this.endpoint, this.nanoTime.getAsLong());
		if (suppressed < 0) {
			return;
		}
		log.atWarn()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("peer", peer.toString())
			.addKeyValue("connection_id", connectionId)
			.addKeyValue("reason", CloseReason.MEMORY.label())
			.log("{} connection from {} closed: the incomplete messages of all connections would hold more than "
					+ "ackgate.tcp.incomplete-message-memory ({} bytes); its own was dropped, unacked{}", this.endpoint,
					peer.described(), limit,
					(suppressed > 0) ? " (" + suppressed + " more connections closed so since the last line)" : "");
	}

	void opened(Peer peer, String connectionId) {
		if (this.shortOfResources) {
			acceptingAgain();
		}
		if (lifecycleLineAllowed(null)) {
			log.atInfo()
				.addKeyValue("endpoint", this.endpoint)
				.addKeyValue("peer", peer.toString())
				.addKeyValue("via", peer.viaText())
				.addKeyValue("connection_id", connectionId)
				.log("{} connection opened from {}", this.endpoint, peer.described());
		}
		this.observers.forEach(observer -> observer.opened(this.endpoint));
	}

	void closed(Peer peer, String connectionId, CloseReason reason, String detail) {
		if (lifecycleLineAllowed(reason)) {
			log.atInfo()
				.addKeyValue("endpoint", this.endpoint)
				.addKeyValue("peer", peer.toString())
				.addKeyValue("via", peer.viaText())
				.addKeyValue("connection_id", connectionId)
				.addKeyValue("reason", reason.label())
				.log("{} connection from {} closed: {}", this.endpoint, peer.described(), detail);
		}
		this.observers.forEach(observer -> observer.closed(this.endpoint, reason));
	}

	/** Logs the summary of a second in which open and close lines were held back, once that second is over. */
	void logStormSummaryIfDue() {
		LifecycleLogRate.Summary summary = this.lifecycleLog.takeSummary(this.nanoTime.getAsLong());
		if (summary == null) {
			return;
		}
		String reasons = summary.closed().entrySet().stream()
			.sorted(Map.Entry.comparingByKey())
			.map(entry -> entry.getKey().label() + " " + entry.getValue())
			.collect(Collectors.joining(", "));
		log.atInfo()
			.addKeyValue("endpoint", this.endpoint)
			.addKeyValue("opened", summary.opened())
			.addKeyValue("closed", summary.closedTotal())
			.log("{} connections opened faster than {} log lines a second: {} more opened and {} more closed{} "
					+ "without a line each; the metrics count every one", this.endpoint, LIFECYCLE_LINES_PER_SECOND,
					summary.opened(), summary.closedTotal(), reasons.isEmpty() ? "" : " (" + reasons + ")");
	}

	private boolean lifecycleLineAllowed(@Nullable CloseReason closed) {
		logStormSummaryIfDue();
		return this.lifecycleLog.tryLog(this.nanoTime.getAsLong(), closed);
	}

	/** Every error is counted; the WARN line is rate-limited per peer address. */
	void protocolError(Peer peer, String connectionId, ProtocolViolation violation) {
		this.observers.forEach(observer -> observer.protocolError(this.endpoint, violation.kind()));
		warn(this.protocolErrorLog, peer, connectionId, violation.kind().label(),
				() -> "protocol error from " + peer.described() + ": " + violation.getMessage()
						+ "; closing the connection");
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

	/** A framed client confirmed an ack, as the tutorial's framed server logs it. */
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

}
