package org.ackgate.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

	/**
	 * Renard's R20 preferred numbers, one decade times 100: twenty steps about 12 % apart; every
	 * other one is the R10 series, 26 % apart.
	 */
	private static final long[] R20 = { 100, 112, 125, 140, 160, 180, 200, 224, 250, 280, 315, 355, 400, 450, 500,
			560, 630, 710, 800, 900 };

	private static final long[] COARSE_MILLIS = { 250, 500, 1000, 2500, 5000, 10_000 };

	/**
	 * 10 µs to 100 µs in ten buckets, 100 µs to 100 ms in twenty a decade (about 12 % apart), where
	 * acks are, loaded or not; then coarse ones up to the write timeout's range: 77 in all.
	 * {@code histogram_quantile} interpolates linearly inside the bucket that holds the quantile, so
	 * its estimate can be off by up to that bucket's width: with the former 1-2.5-5 steps (a factor
	 * 2 to 2.5) the server's p99 read from this histogram came out above the client's round-trip
	 * p99, of which the server's time is a part (scripts/prometheus-check.sh compares the two).
	 */
	static final Duration[] LATENCY_BUCKETS = latencyBuckets();

	private final Counter opened;

	private final Counter[] closed;

	private final Counter[] protocolErrors;

	private final Counter acceptFailures;

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
		this.acceptFailures = counter(registry, MeterNames.ACCEPT_FAILURES, endpoint,
				"Accepts that failed because the process or the machine ran out of file descriptors or socket memory");
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

	private static Duration[] latencyBuckets() {
		List<Duration> buckets = new ArrayList<>();
		for (int i = 0; i < R20.length; i += 2) {
			buckets.add(Duration.ofNanos(R20[i] * 100));
		}
		for (long nanos = 1000; nanos <= 100_000; nanos *= 10) {
			for (long step : R20) {
				buckets.add(Duration.ofNanos(step * nanos));
			}
		}
		buckets.add(Duration.ofMillis(100));
		for (long millis : COARSE_MILLIS) {
			buckets.add(Duration.ofMillis(millis));
		}
		return buckets.toArray(Duration[]::new);
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
	public void acceptFailed(String endpoint) {
		this.acceptFailures.increment();
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
