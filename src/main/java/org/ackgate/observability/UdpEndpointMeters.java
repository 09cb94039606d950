package org.ackgate.observability;

import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;

/**
 * The UDP time endpoint's meters. Requests are counted as a worker takes them from the queue
 * (on {@code udp.requests}), replies once the outbound adapter sent them (on {@code udp.replies}),
 * and datagrams the full worker queue turned away by wrapping the pool's discard policy. Every
 * counter is resolved once here.
 */
final class UdpEndpointMeters {

	static final String ENDPOINT = "udp";

	/** Every datagram is answered with text today; the NTP issue adds dialects beside it. */
	static final String TEXT_DIALECT = "text";

	private final Counter requests;

	private final Counter dropped;

	private final Counter bytesReceived;

	private final Counter bytesSent;

	private final Counter timeResponses;

	UdpEndpointMeters(MeterRegistry registry) {
		this.requests = Counter.builder(MeterNames.UDP_REQUESTS)
			.description("Datagrams taken by a worker, by dialect")
			.tags(MeterNames.ENDPOINT, ENDPOINT, "dialect", TEXT_DIALECT)
			.register(registry);
		this.dropped = Counter.builder(MeterNames.UDP_DROPPED)
			.description("Datagrams dropped unanswered, by reason")
			.tags(MeterNames.ENDPOINT, ENDPOINT, MeterNames.REASON, "queue_full")
			.register(registry);
		this.bytesReceived = Counter.builder(MeterNames.BYTES_RECEIVED)
			.description("Bytes read from client sockets, framing included")
			.tag(MeterNames.ENDPOINT, ENDPOINT)
			.register(registry);
		this.bytesSent = Counter.builder(MeterNames.BYTES_SENT)
			.description("Bytes of replies written to clients")
			.tag(MeterNames.ENDPOINT, ENDPOINT)
			.register(registry);
		this.timeResponses = Counter.builder(MeterNames.TIME_RESPONSES)
			.description("Time replies written")
			.tag(MeterNames.ENDPOINT, ENDPOINT)
			.register(registry);
	}

	/** Counts each request datagram and its bytes; for {@code udp.requests}. */
	ChannelInterceptor requestCounter() {
		return new ChannelInterceptor() {

			@Override
			public Message<?> preSend(Message<?> message, MessageChannel channel) {
				UdpEndpointMeters.this.requests.increment();
				if (message.getPayload() instanceof byte[] datagram) {
					UdpEndpointMeters.this.bytesReceived.increment(datagram.length);
				}
				return message;
			}

		};
	}

	/** Counts each reply the outbound adapter sent; for {@code udp.replies}. */
	ChannelInterceptor replyCounter() {
		return new ChannelInterceptor() {

			@Override
			public void postSend(Message<?> message, MessageChannel channel, boolean sent) {
				if (sent) {
					UdpEndpointMeters.this.timeResponses.increment();
					if (message.getPayload() instanceof byte[] reply) {
						UdpEndpointMeters.this.bytesSent.increment(reply.length);
					}
				}
			}

		};
	}

	/** Wraps the workers' policy for a full queue so that every datagram it drops is counted. */
	void countDrops(ThreadPoolExecutor workers) {
		RejectedExecutionHandler policy = workers.getRejectedExecutionHandler();
		workers.setRejectedExecutionHandler((task, executor) -> {
			this.dropped.increment();
			policy.rejectedExecution(task, executor);
		});
	}

}
