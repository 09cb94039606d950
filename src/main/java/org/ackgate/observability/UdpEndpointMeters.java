package org.ackgate.observability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.ackgate.udp.UdpReplySender;
import org.ackgate.udp.UdpTimeEvents;

/**
 * The UDP time endpoints' meters, fed by the responders ({@link UdpTimeEvents}): requests, rate
 * limited requests and time responses by endpoint and dialect, bytes by endpoint, and replies
 * dropped because the socket's send buffer was full. The series of each enabled endpoint's
 * dialects exist from startup; lookups on the hot path allocate nothing.
 */
final class UdpEndpointMeters implements UdpTimeEvents {

	static final String ENDPOINT = "udp";

	private final MeterRegistry registry;

	private final Map<String, Map<String, DialectMeters>> dialects = new ConcurrentHashMap<>();

	private final Map<String, Counter> bytesReceived = new ConcurrentHashMap<>();

	private final Map<String, Counter> bytesSent = new ConcurrentHashMap<>();

	private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

	/** @param dialectsByEndpoint the dialects each enabled UDP endpoint answers, registered up front */
	UdpEndpointMeters(MeterRegistry registry, Map<String, List<String>> dialectsByEndpoint) {
		this.registry = registry;
		dialectsByEndpoint.forEach((endpoint, names) -> names.forEach(dialect -> meters(endpoint, dialect)));
	}

	@Override
	public void request(String endpoint, String dialect, int bytes) {
		meters(endpoint, dialect).requests.increment();
		counter(this.bytesReceived, endpoint).increment(bytes);
	}

	@Override
	public void rateLimited(String endpoint, String dialect) {
		meters(endpoint, dialect).rateLimited.increment();
	}

	@Override
	public void replied(String endpoint, String dialect, int bytes) {
		meters(endpoint, dialect).responses.increment();
		counter(this.bytesSent, endpoint).increment(bytes);
	}

	@Override
	public void dropped(String endpoint, String reason) {
		Counter counter = this.dropped.get(endpoint);
		(counter != null ? counter : this.dropped.computeIfAbsent(endpoint, this::droppedCounter)).increment();
	}

	private DialectMeters meters(String endpoint, String dialect) {
		Map<String, DialectMeters> byDialect = this.dialects.get(endpoint);
		DialectMeters meters = (byDialect != null) ? byDialect.get(dialect) : null;
		if (meters != null) {
			return meters;
		}
		this.bytesReceived.computeIfAbsent(endpoint, this::bytesReceivedCounter);
		this.bytesSent.computeIfAbsent(endpoint, this::bytesSentCounter);
		this.dropped.computeIfAbsent(endpoint, this::droppedCounter);
		return this.dialects.computeIfAbsent(endpoint, key -> new ConcurrentHashMap<>())
			.computeIfAbsent(dialect, key -> new DialectMeters(this.registry, endpoint, dialect));
	}

	/** Registered by {@link #meters} before any event for the endpoint, so a plain get (no lambda) suffices. */
	private static Counter counter(Map<String, Counter> counters, String endpoint) {
		return counters.get(endpoint);
	}

	private Counter bytesReceivedCounter(String endpoint) {
		return Counter.builder(MeterNames.BYTES_RECEIVED)
			.description("Bytes read from client sockets, framing included")
			.tag(MeterNames.ENDPOINT, endpoint)
			.register(this.registry);
	}

	private Counter droppedCounter(String endpoint) {
		return Counter.builder(MeterNames.UDP_DROPPED)
			.description("Datagrams dropped unanswered, by reason")
			.tags(MeterNames.ENDPOINT, endpoint, MeterNames.REASON, UdpReplySender.SEND_BUFFER_FULL)
			.register(this.registry);
	}

	private Counter bytesSentCounter(String endpoint) {
		return Counter.builder(MeterNames.BYTES_SENT)
			.description("Bytes of replies written to clients")
			.tag(MeterNames.ENDPOINT, endpoint)
			.register(this.registry);
	}

	private static final class DialectMeters {

		final Counter requests;

		final Counter rateLimited;

		final Counter responses;

		DialectMeters(MeterRegistry registry, String endpoint, String dialect) {
			this.requests = Counter.builder(MeterNames.UDP_REQUESTS)
				.description("Datagrams read, by dialect")
				.tags(MeterNames.ENDPOINT, endpoint, MeterNames.DIALECT, dialect)
				.register(registry);
			this.rateLimited = Counter.builder(MeterNames.UDP_RATE_LIMITED)
				.description("Requests over their source's rate limit, dropped or answered with a Kiss-o'-Death")
				.tags(MeterNames.ENDPOINT, endpoint, MeterNames.DIALECT, dialect)
				.register(registry);
			this.responses = Counter.builder(MeterNames.TIME_RESPONSES)
				.description("Time replies written, by dialect")
				.tags(MeterNames.ENDPOINT, endpoint, MeterNames.DIALECT, dialect)
				.register(registry);
		}

	}

}
