package org.ackgate.time;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.MessageChannels;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.dsl.Tcp;

import org.ackgate.tcp.EndpointServerConnectionFactory;
import org.ackgate.tcp.TcpServerFactories;
import org.ackgate.wire.PayloadPreview;

/**
 * Time on connect: on open, {@link TimeOnConnectWriter} → time.replies → time.outbound (adapter
 * addressed by connection id); what clients send arrives through time.inbound → time.requests →
 * time.requestLog, as seed 002's server logs "read data".
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

	@Bean("time.replies")
	DirectChannel timeReplies() {
		return MessageChannels.direct().getObject();
	}

	@Bean
	IntegrationFlow timeReplyFlow(@Qualifier(CONNECTION_FACTORY) EndpointServerConnectionFactory connectionFactory,
			@Qualifier("time.replies") DirectChannel replies) {
		return IntegrationFlow.from(replies)
			.handle(Tcp.outboundAdapter(connectionFactory), endpoint -> endpoint.id("time.outbound"))
			.get();
	}

	/** A bean, so the adapter sends to it directly: no generated channel and bridge in front of it. */
	@Bean("time.requests")
	DirectChannel timeRequests() {
		return MessageChannels.direct().getObject();
	}

	@Bean
	IntegrationFlow timeRequestFlow(@Qualifier(CONNECTION_FACTORY) EndpointServerConnectionFactory connectionFactory,
			@Qualifier("time.requests") DirectChannel requests) {
		return IntegrationFlow.from(Tcp.inboundAdapter(connectionFactory).id("time.inbound").outputChannel(requests))
			.handle(byte[].class, (payload, headers) -> {
				log.atInfo()
					.addKeyValue("endpoint", "time")
					.addKeyValue("peer", headers.get(IpHeaders.IP_ADDRESS) + ":" + headers.get(IpHeaders.REMOTE_PORT))
					.addKeyValue("connection_id", headers.get(IpHeaders.CONNECTION_ID))
					.log("time client {}:{} sent {} bytes {}", headers.get(IpHeaders.IP_ADDRESS),
							headers.get(IpHeaders.REMOTE_PORT), payload.length, PayloadPreview.describe(payload));
				return null;
			}, endpoint -> endpoint.id("time.requestLog"))
			.get();
	}

	@Bean
	TimeOnConnectWriter timeOnConnectWriter(TimeProperties properties, Clock clock,
			@Qualifier("time.replies") DirectChannel replies) {
		return new TimeOnConnectWriter(CONNECTION_FACTORY, replies, new TimeText(clock, properties.format())::now,
				properties.keepOpen());
	}

}
