package org.ackgate.observability;

/** The public metric names (Micrometer form; Prometheus adds {@code _total}, {@code _seconds}). */
final class MeterNames {

	static final String ENDPOINT = "endpoint";

	static final String REASON = "reason";

	static final String CONNECTIONS_ACTIVE = "ackgate.connections.active";

	static final String CONNECTIONS_OPENED = "ackgate.connections.opened";

	static final String CONNECTIONS_CLOSED = "ackgate.connections.closed";

	static final String ACCEPT_FAILURES = "ackgate.accept.failures";

	static final String CONNECTIONS_MAX = "ackgate.connections.max";

	static final String ENDPOINT_UP = "ackgate.endpoint.up";

	static final String MESSAGES_RECEIVED = "ackgate.messages.received";

	static final String ACKS_SENT = "ackgate.acks.sent";

	static final String RECEIPTS = "ackgate.receipts";

	static final String BYTES_RECEIVED = "ackgate.bytes.received";

	static final String BYTES_SENT = "ackgate.bytes.sent";

	static final String SKIPPED_BYTES = "ackgate.skipped.bytes";

	static final String PROTOCOL_ERRORS = "ackgate.protocol.errors";

	static final String ACK_LATENCY = "ackgate.ack.latency";

	static final String TIME_RESPONSES = "ackgate.time.responses";

	static final String UDP_REQUESTS = "ackgate.udp.requests";

	static final String UDP_RATE_LIMITED = "ackgate.udp.rate.limited";

	static final String DIALECT = "dialect";

	static final String UDP_DROPPED = "ackgate.udp.dropped";

	/** The {@code reason} of a protocol error that is not a {@code ProtocolViolation}: bytes skipped before a frame. */
	static final String SKIPPED_BYTES_REASON = "skipped_bytes";

	private MeterNames() {
	}

}
