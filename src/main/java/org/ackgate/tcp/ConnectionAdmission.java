package org.ackgate.tcp;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a peer may hold a connection of the endpoint (its allow-list, its total and
 * per-source limits) and counts the slots held until each is given back.
 */
public final class ConnectionAdmission {

	/**
	 * Why a peer was refused, with the text the refusal's log line gives.
	 * @param reason {@link CloseReason#DENIED}, {@link CloseReason#LIMIT} or {@link CloseReason#SOURCE_LIMIT}
	 * @param why the refusal in words, for the log
	 */
	public record Refusal(CloseReason reason, String why) {
	}

	private final String endpoint;

	private final AllowList allow;

	private final int maxConnections;

	private final int maxPerSource;

	private final AtomicInteger reserved = new AtomicInteger();

	/** Slots held per source address; only with a per-source limit. At most max-connections entries. */
	private final Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();

	/**
	 * @param maxPerSource connections at once from one source address, 0 for no limit
	 */
	public ConnectionAdmission(String endpoint, AllowList allow, int maxConnections, int maxPerSource) {
		this.endpoint = endpoint;
		this.allow = allow;
		this.maxConnections = maxConnections;
		this.maxPerSource = maxPerSource;
	}

	static ConnectionAdmission of(TcpServerSettings settings) {
		return new ConnectionAdmission(settings.endpoint(), settings.allow(), settings.maxConnections(),
				settings.maxConnectionsPerSource());
	}

	public String endpoint() {
		return this.endpoint;
	}

	/** Connections admitted and not yet given back. */
	public int activeConnections() {
		return this.reserved.get();
	}

	public int maxConnections() {
		return this.maxConnections;
	}

	/**
	 * Takes a slot for this peer, if its address is allowed and the limits have room.
	 * @return {@code null} when the slot is taken (give it back with {@link #release}), otherwise why not
	 */
	@Nullable Refusal tryAdmit(Peer peer) {
		if (!this.allow.allows(peer.inetAddress())) {
			return denied();
		}
		Refusal full = tryAdmitConnection();
		if (full != null) {
			return full;
		}
		if (this.maxPerSource > 0 && !tryReserveForSource(peer.inetAddress())) {
			this.reserved.decrementAndGet();
			return sourceLimit();
		}
		return null;
	}

	/**
	 * Takes a slot under the total limit alone, for a connection from a trusted load balancer: who
	 * the client is, for the allow-list and the per-source limit, its PROXY header says later
	 * ({@link #tryAdmitSource}).
	 * @return {@code null} when the slot is taken (give it back with {@link #releaseConnection}), otherwise why not
	 */
	@Nullable Refusal tryAdmitConnection() {
		while (true) {
			int current = this.reserved.get();
			if (current >= this.maxConnections) {
				return new Refusal(CloseReason.LIMIT, "at the limit of " + this.maxConnections + " connections");
			}
			if (this.reserved.compareAndSet(current, current + 1)) {
				return null;
			}
		}
	}

	/**
	 * The allow-list and the per-source limit for the client a PROXY header named, on a connection
	 * that holds a slot from {@link #tryAdmitConnection()} already.
	 * @return {@code null} when admitted (give the source's share back with {@link #releaseSource}), otherwise why not
	 */
	@Nullable Refusal tryAdmitSource(Peer client) {
		if (!this.allow.allows(client.inetAddress())) {
			return denied();
		}
		if (this.maxPerSource > 0 && !tryReserveForSource(client.inetAddress())) {
			return sourceLimit();
		}
		return null;
	}

	private static Refusal denied() {
		return new Refusal(CloseReason.DENIED, "the address is not in the endpoint's allow list");
	}

	private Refusal sourceLimit() {
		return new Refusal(CloseReason.SOURCE_LIMIT, "this address already has " + this.maxPerSource + " connections");
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

	/** Gives back the slot {@link #tryAdmit} took for this peer. */
	void release(Peer peer) {
		releaseSource(peer);
		releaseConnection();
	}

	/** Gives back the slot {@link #tryAdmitConnection()} took. */
	void releaseConnection() {
		this.reserved.decrementAndGet();
	}

	/** Gives back the source's share {@link #tryAdmitSource} took. */
	void releaseSource(Peer client) {
		if (this.maxPerSource > 0) {
			this.perSource.computeIfPresent(client.inetAddress(), (address, held) -> (held > 1) ? held - 1 : null);
		}
	}

	/** Connections held now by one source address (0 without a per-source limit). */
	int connectionsFrom(InetAddress source) {
		Integer held = this.perSource.get(source);
		return (held != null) ? held : 0;
	}

}
