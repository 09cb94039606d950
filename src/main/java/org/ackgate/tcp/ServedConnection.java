package org.ackgate.tcp;

import java.util.Map;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.MessageHeaders;

import org.ackgate.messages.Confirmations;

/**
 * What the endpoint's sweep and drain ({@link OpenConnections}) and the message mapper need of an
 * open connection, whichever transport serves it. Deadlines are {@link System#nanoTime()} values.
 */
interface ServedConnection {

	String getConnectionId();

	Peer peer();

	/** What orders this connection's hand-offs against closes for a timeout or the drain. */
	MessageGate gate();

	/** Between decoding a message and writing its ack. */
	default boolean isHandling() {
		return gate().isHandling();
	}

	/** @return whether the TLS handshake was past its deadline; if so it is ended here, once */
	boolean expireHandshake(long nowNanos);

	/** An ack the peer has not taken for longer than the timeout. */
	boolean isWriteStalled(long nowNanos, long timeoutNanos);

	/** Inside a message for longer than the timeout: a peer trickling bytes (slow-loris). */
	boolean isMessageStalled(long nowNanos, long timeoutNanos);

	/** Silent for longer than the timeout while waiting for the peer (not while handling its message). */
	boolean isIdle(long nowNanos, long timeoutNanos);

	/** Closes with this reason unless a reason was recorded already; idempotent, from any thread. */
	void closeWith(CloseReason reason, String detail);

	/**
	 * As {@link #closeWith}, for a timeout seen from outside: unless a message was handed off since
	 * the caller looked, whose ack is then still owed. From then on no message is handed off.
	 * @return whether the connection closes
	 */
	default boolean closeBetweenMessages(CloseReason reason, String detail) {
		if (!gate().closeBetweenMessages()) {
			return false;
		}
		closeWith(reason, detail);
		return true;
	}

	/**
	 * The headers every message of this connection carries: its id, its peer's address and port, and
	 * the {@link ReplySlot} its ack endpoint's gateway takes the reply from.
	 */
	Map<String, Object> messageHeaders();

	/**
	 * What {@link #messageHeaders()} holds, built once per connection (and again if its peer changes).
	 * @param open whether the connection can still take a reply
	 */
	static Map<String, Object> headersFor(String connectionId, Peer from, BooleanSupplier open) {
		return headersFor(connectionId, from, null, open);
	}

	/**
	 * As {@link #headersFor(String, Peer, BooleanSupplier)}, with the connection's {@link Confirmations} for
	 * subscribers that may promise their confirmation instead of waiting for it.
	 */
	static Map<String, Object> headersFor(String connectionId, Peer from, @Nullable Confirmations confirmations,
			BooleanSupplier open) {
		if (confirmations == null) {
			return Map.of(IpHeaders.CONNECTION_ID, connectionId, IpHeaders.IP_ADDRESS, from.hostAddress(),
					IpHeaders.REMOTE_PORT, from.port(), MessageHeaders.REPLY_CHANNEL, new ReplySlot(open));
		}
		return Map.of(IpHeaders.CONNECTION_ID, connectionId, IpHeaders.IP_ADDRESS, from.hostAddress(),
				IpHeaders.REMOTE_PORT, from.port(), MessageHeaders.REPLY_CHANNEL, new ReplySlot(open),
				Confirmations.HEADER, confirmations);
	}

}
