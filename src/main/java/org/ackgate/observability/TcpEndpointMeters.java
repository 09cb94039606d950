package org.ackgate.observability;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.ackgate.tcp.CloseReason;
import org.ackgate.tcp.ConnectionObserver;
import org.ackgate.tcp.ConnectionAdmission;
import org.ackgate.wire.ProtocolViolation;

/**
 * One TCP endpoint's meters, fed by its connection events; the active count is read from its
 * {@link ConnectionAdmission}. Every counter is resolved once
 * here, per endpoint and reason, so a call on the connection's thread is an array index and an
 * add on a striped counter: no lookup, no lock, no allocation.
 * <p>
 * A connection refused at accept counts as opened and as closed with its reason ({@code limit},
 * {@code source_limit}, {@code denied}), so {@code opened - sum(closed) = active} holds at every scrape.
 */
final class TcpEndpointMeters implements ConnectionObserver {

	/** Buckets for acks that normally leave within a millisecond, up to the write timeout's range. */
	static final Duration[] LATENCY_BUCKETS = { Duration.ofNanos(25_000), Duration.ofNanos(50_000),
			Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
			Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
			Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10) };

	private final Counter opened;

	private final Counter[] closed;

	private final Counter[] protocolErrors;

	private final Counter messagesReceived;

	private final Counter bytesReceived;

	private final Counter bytesSent;

	private final @Nullable Counter acksSent;

	private final @Nullable Timer ackLatency;

	private final @Nullable Counter timeResponses;

	private final @Nullable Counter receipts;

	private final @Nullable Counter skippedErrors;

	private final @Nullable Counter skippedBytes;

	TcpEndpointMeters(MeterRegistry registry, ConnectionAdmission admission, EndpointDescriptor.TcpMeters features) {
		String endpoint = admission.endpoint();
		Gauge.builder(MeterNames.CONNECTIONS_ACTIVE, admission, ConnectionAdmission::activeConnections)
			.description("Connections open now")
			.tag(MeterNames.ENDPOINT, endpoint)
			.strongReference(true)
			.register(registry);
		this.opened = counter(registry, MeterNames.CONNECTIONS_OPENED, endpoint,
				"Connections accepted, including those closed at once at the connection limit");
		this.closed = new Counter[CloseReason.values().length];
		for (CloseReason reason : CloseReason.values()) {
			this.closed[reason.ordinal()] = Counter.builder(MeterNames.CONNECTIONS_CLOSED)
				.description("Connections closed, by reason")
				.tags(MeterNames.ENDPOINT, endpoint, MeterNames.REASON, reason.label())
				.register(registry);
		}
		this.protocolErrors = new Counter[ProtocolViolation.Kind.values().length];
		for (ProtocolViolation.Kind kind : ProtocolViolation.Kind.values()) {
			this.protocolErrors[kind.ordinal()] = protocolErrors(registry, endpoint, kind.label());
		}
		this.messagesReceived = counter(registry, MeterNames.MESSAGES_RECEIVED, endpoint,
				"Messages decoded and handed to the flow");
		this.bytesReceived = counter(registry, MeterNames.BYTES_RECEIVED, endpoint,
				"Bytes read from client sockets, framing included");
		this.bytesSent = counter(registry, MeterNames.BYTES_SENT, endpoint, "Bytes of replies written to clients");
		this.acksSent = features.acks() ? counter(registry, MeterNames.ACKS_SENT, endpoint, "Acks written and flushed")
				: null;
		this.ackLatency = features.acks() ? Timer.builder(MeterNames.ACK_LATENCY)
			.description("Time from a message decoded to its ack written and flushed")
			.tag(MeterNames.ENDPOINT, endpoint)
			.serviceLevelObjectives(LATENCY_BUCKETS)
			.register(registry) : null;
		this.timeResponses = (features.timeDialect() != null) ? Counter.builder(MeterNames.TIME_RESPONSES)
			.description("Time replies written, by dialect")
			.tags(MeterNames.ENDPOINT, endpoint, MeterNames.DIALECT, features.timeDialect())
			.register(registry) : null;
		this.receipts = features.headersFraming()
				? counter(registry, MeterNames.RECEIPTS, endpoint, "Receipts (ok) confirming an ack") : null;
		this.skippedErrors = features.headersFraming()
				? protocolErrors(registry, endpoint, MeterNames.SKIPPED_BYTES_REASON) : null;
		this.skippedBytes = features.headersFraming()
				? counter(registry, MeterNames.SKIPPED_BYTES, endpoint, "Bytes skipped to find the next frame") : null;
	}

	private static Counter counter(MeterRegistry registry, String name, String endpoint, String description) {
		return Counter.builder(name).description(description).tag(MeterNames.ENDPOINT, endpoint).register(registry);
	}

	private static Counter protocolErrors(MeterRegistry registry, String endpoint, String reason) {
		return Counter.builder(MeterNames.PROTOCOL_ERRORS)
			.description("Protocol errors, by reason; each closes its connection, except skipped bytes")
			.tags(MeterNames.ENDPOINT, endpoint, MeterNames.REASON, reason)
			.register(registry);
	}

	@Override
	public void opened(String endpoint) {
		this.opened.increment();
	}

	@Override
	public void bytesReceived(String endpoint, int count) {
		this.bytesReceived.increment(count);
	}

	@Override
	public void messageReceived(String endpoint, int payloadBytes) {
		this.messagesReceived.increment();
	}

	@Override
	public void replySent(String endpoint, int bytes, long nanosSinceDecode) {
		this.bytesSent.increment(bytes);
		if (nanosSinceDecode >= 0 && this.acksSent != null) {
			this.acksSent.increment();
			this.ackLatency.record(nanosSinceDecode, TimeUnit.NANOSECONDS);
		}
		else if (this.timeResponses != null) {
			this.timeResponses.increment();
		}
	}

	@Override
	public void closed(String endpoint, CloseReason reason) {
		this.closed[reason.ordinal()].increment();
	}

	@Override
	public void rejected(String endpoint, CloseReason reason) {
		this.opened.increment();
		this.closed[reason.ordinal()].increment();
	}

	@Override
	public void protocolError(String endpoint, ProtocolViolation.Kind kind) {
		this.protocolErrors[kind.ordinal()].increment();
	}

	@Override
	public void receipt(String endpoint) {
		if (this.receipts != null) {
			this.receipts.increment();
		}
	}

	@Override
	public void skippedBytes(String endpoint, long count) {
		if (this.skippedErrors != null) {
			this.skippedErrors.increment();
			this.skippedBytes.increment(count);
		}
	}

}
