package org.ackgate.tcp;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The registry of an endpoint's open connections, with the one deadline sweep that closes those
 * past their TLS handshake, write, message or read timeout, and the drain that stops them taking
 * new messages.
 */
public final class OpenConnections {

	private final TcpServerSettings settings;

	private final ConnectionEvents events;

	private final Set<ServedConnection> open = ConcurrentHashMap.newKeySet();

	private volatile boolean draining;

	OpenConnections(TcpServerSettings settings, ConnectionEvents events) {
		this.settings = settings;
		this.events = events;
	}

	void add(ServedConnection connection) {
		this.open.add(connection);
	}

	void remove(ServedConnection connection) {
		this.open.remove(connection);
	}

	/** Whether the endpoint drains: messages arriving from now on are refused, not handed off. */
	boolean isDraining() {
		return this.draining;
	}

	/** From now on messages are refused, not handed off; see the connections. */
	void startDraining() {
		this.draining = true;
	}

	/** The connections open now; for tests that act as the sweep at a chosen moment. */
	List<ServedConnection> list() {
		return List.copyOf(this.open);
	}

	/**
	 * Closes every connection that is between messages; one handling a message is left to write
	 * its ack, and asked again on the next call.
	 * @return whether every connection was between messages (all of them now close)
	 */
	boolean closeAllBetweenMessages(CloseReason reason, String detail) {
		boolean all = true;
		for (ServedConnection connection : this.open) {
			if (!connection.closeBetweenMessages(reason, detail)) {
				all = false;
			}
		}
		return all;
	}

	void closeAll(CloseReason reason, String detail) {
		this.open.forEach(connection -> connection.closeWith(reason, detail));
	}

	/** Whether every connection has closed (after {@link #closeAll}, some close once written out). */
	boolean isEmpty() {
		return this.open.isEmpty();
	}

	/**
	 * Closes each connection past one of its deadlines: a TLS handshake not done in time (a silent
	 * or slow client holds no slot for long), an ack the peer does not take, a message trickling in
	 * for longer than the message timeout, and silence past the read timeout. The last two close
	 * only between messages: a message handed off since the look gets its ack.
	 */
	void sweep(long nowNanos) {
		// A connect storm that just ended gets its last summary line now, not at the next connect.
		this.events.logStormSummaryIfDue();
		long readTimeoutNanos = this.settings.readTimeout().toNanos();
		long writeTimeoutNanos = this.settings.writeTimeout().toNanos();
		long messageTimeoutNanos = this.settings.messageTimeout().toNanos();
		for (ServedConnection connection : this.open) {
			if (connection.expireHandshake(nowNanos)) {
				String detail = TlsHandshake.timedOut(this.settings);
				this.events.handshakeFailed(connection.peer(), connection.getConnectionId(), detail);
				connection.closeWith(CloseReason.TLS, "TLS handshake failed: " + detail);
			}
			else if (connection.isWriteStalled(nowNanos, writeTimeoutNanos)) {
				connection.closeWith(CloseReason.IDLE, "ack not read by the peer within the write timeout");
			}
			else if (connection.isMessageStalled(nowNanos, messageTimeoutNanos)) {
				connection.closeBetweenMessages(CloseReason.SLOW,
						"message not completed within the message timeout of " + this.settings.messageTimeout());
			}
			else if (connection.isIdle(nowNanos, readTimeoutNanos)) {
				connection.closeBetweenMessages(CloseReason.IDLE,
						"idle for longer than the read timeout of " + this.settings.readTimeout());
			}
		}
	}

	/** A quarter of the shortest deadline, at most a second: deadlines hold to within 25% or a second. */
	Duration sweepInterval(boolean tls) {
		Duration shortest = Stream.of(this.settings.readTimeout(), this.settings.writeTimeout(),
				this.settings.messageTimeout(),
				tls ? this.settings.ssl().handshakeTimeout() : this.settings.readTimeout())
			.min(Duration::compareTo).orElseThrow();
		Duration quarter = shortest.dividedBy(4);
		return (quarter.compareTo(Duration.ofSeconds(1)) > 0) ? Duration.ofSeconds(1)
				: (quarter.isZero() ? Duration.ofMillis(1) : quarter);
	}

}
