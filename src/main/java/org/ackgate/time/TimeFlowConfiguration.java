package org.ackgate.time;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.dsl.Tcp;

import org.ackgate.net.AddressText;
import org.ackgate.observability.EndpointDescriptor;
import org.ackgate.tcp.ConnectionOpenedProducer;
import org.ackgate.tcp.EndpointServerConnectionFactory;
import org.ackgate.tcp.TcpServerFactories;
import org.ackgate.wire.PayloadPreview;

/**
 * Time on connect: time.opened (one message per connection opened) → time.connections →
 * time.clock (the time, in the configured format) → time.replies → time.outbound (adapter addressed by connection id),
 * then the output is shut unless keep-open is set. What clients send arrives through
 * time.inbound → time.requests → time.requestLog, as the tutorial's keep-open time server logs
 * "read data".
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "ackgate.time.enabled", matchIfMissing = true)
class TimeFlowConfiguration {

	private static final Logger log = LoggerFactory.getLogger(TimeFlowConfiguration.class);

	static final String CONNECTION_FACTORY = "timeConnectionFactory";

	@Bean(CONNECTION_FACTORY)
	EndpointServerConnectionFactory timeConnectionFactory(TimeProperties properties, TcpServerFactories factories) {
		int maxChunk = (int) properties.maxMessageSize().toBytes();
		return factories.create(properties.server(), events -> input -> input.readAvailable(maxChunk));
	}

	/** Writes the time unasked, in its format's dialect. */
	@Bean
	EndpointDescriptor timeEndpoint(@Qualifier(CONNECTION_FACTORY) EndpointServerConnectionFactory connectionFactory,
			TimeProperties properties) {
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("format", EndpointDescriptor.label(properties.format()));
		info.put("keepOpen", properties.keepOpen());
		return EndpointDescriptor.tcp(connectionFactory, "none", info, false, properties.format().dialect(), false);
	}

	/** Beans, so each step sends to the next directly: no generated channel names. */
	@Bean("time.connections")
	DirectChannel timeConnections() {
		return new DirectChannel();
	}

	@Bean("time.replies")
	DirectChannel timeReplies() {
		return new DirectChannel();
	}

	@Bean
	IntegrationFlow timeReplyFlow(@Qualifier(CONNECTION_FACTORY) EndpointServerConnectionFactory connectionFactory,
			@Qualifier("time.connections") DirectChannel connections, @Qualifier("time.replies") DirectChannel replies,
			TimeProperties properties, Clock clock) {
		TimeText text = new TimeText(clock, properties.format());
		return IntegrationFlow
			.from(ConnectionOpenedProducer.on(connectionFactory).halfCloseAfterReply(!properties.keepOpen()).id("time.opened")
				.outputChannel(connections))
			.handle(String.class, (connectionId, headers) -> text.now(), endpoint -> endpoint.id("time.clock"))
			.channel(replies)
			.handle(Tcp.outboundAdapter(connectionFactory.connectionFactory()), endpoint -> endpoint.id("time.outbound"))
			.get();
	}

	/** A bean, so the adapter sends to it directly: no generated channel and bridge in front of it. */
	@Bean("time.requests")
	DirectChannel timeRequests() {
		return new DirectChannel();
	}

	@Bean
	IntegrationFlow timeRequestFlow(@Qualifier(CONNECTION_FACTORY) EndpointServerConnectionFactory connectionFactory,
			@Qualifier("time.requests") DirectChannel requests) {
		return IntegrationFlow.from(Tcp.inboundAdapter(connectionFactory.connectionFactory()).id("time.inbound").outputChannel(requests))
			.handle(byte[].class, (payload, headers) -> {
				Integer port = headers.get(IpHeaders.REMOTE_PORT, Integer.class);
				String peer = AddressText.hostAndPort(String.valueOf(headers.get(IpHeaders.IP_ADDRESS)),
						(port != null) ? port : -1);
				log.atInfo()
					.addKeyValue("endpoint", "time")
					.addKeyValue("peer", peer)
					.addKeyValue("connection_id", headers.get(IpHeaders.CONNECTION_ID))
					.log("time client {} sent {} bytes {}", peer, payload.length, PayloadPreview.describe(payload));
				return null;
			}, endpoint -> endpoint.id("time.requestLog"))
			.get();
	}

}
