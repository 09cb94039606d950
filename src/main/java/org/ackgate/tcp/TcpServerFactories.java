package org.ackgate.tcp;

import java.util.function.Function;

import org.springframework.integration.ip.tcp.serializer.ByteArrayRawSerializer;
import org.springframework.scheduling.TaskScheduler;

import org.ackgate.wire.FrameDecoder;

/**
 * Makes the connection factory of a TCP endpoint: its settings, its codec, its executor. Replies
 * go out as the bytes the flow built, framing included, so every ack is one write.
 */
public final class TcpServerFactories {

	private final ConnectionExecutors executors;

	private final TaskScheduler scheduler;

	TcpServerFactories(ConnectionExecutors executors, TaskScheduler scheduler) {
		this.executors = executors;
		this.scheduler = scheduler;
	}

	/**
	 * @param decoder makes the endpoint's codec; it gets the endpoint's tracker, for codecs that
	 * report what they consumed besides messages
	 */
	public EndpointServerConnectionFactory create(TcpServerSettings settings,
			Function<ConnectionTracker, FrameDecoder> decoder) {
		EndpointServerConnectionFactory factory = new EndpointServerConnectionFactory(settings,
				this.executors.forEndpoint(settings.endpoint(), settings.maxConnections()), this.scheduler);
		factory.setDeserializer(new FrameDeserializer(decoder.apply(factory.tracker())));
		factory.setSerializer(new ByteArrayRawSerializer());
		return factory;
	}

}
