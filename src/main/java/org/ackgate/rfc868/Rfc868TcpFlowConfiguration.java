package org.ackgate.rfc868;

import java.time.Clock;
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

import org.ackgate.observability.EndpointDescriptor;
import org.ackgate.tcp.ConnectionOpenedProducer;
import org.ackgate.tcp.EndpointServerConnectionFactory;
import org.ackgate.tcp.TcpServerFactories;
import org.ackgate.wire.PayloadPreview;

/**
 * RFC 868 over TCP: rfc868.opened (one message per connection opened) → rfc868.connections →
 * rfc868.clock → rfc868.replies → rfc868.outbound writes the four bytes, then the output is shut
 * and the connection closes after the client's close (a lingering close, as on the time endpoint); rfc868.inbound → rfc868.requestLog logs
 * anything a client sends. The UDP half is {@link Rfc868UdpFlowConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "ackgate.rfc868.enabled")
class Rfc868TcpFlowConfiguration {

	private static final Logger log = LoggerFactory.getLogger(Rfc868TcpFlowConfiguration.class);

	static final String CONNECTION_FACTORY = "rfc868ConnectionFactory";

	@Bean(CONNECTION_FACTORY)
	EndpointServerConnectionFactory rfc868ConnectionFactory(Rfc868Properties properties, TcpServerFactories factories) {
		int maxChunk = (int) properties.maxMessageSize().toBytes();
		return factories.create(properties.server(), events -> input -> input.readAvailable(maxChunk));
	}

	@Bean
	EndpointDescriptor rfc868Endpoint(@Qualifier(CONNECTION_FACTORY) EndpointServerConnectionFactory connectionFactory) {
		return EndpointDescriptor.tcp(connectionFactory, "none", Map.of("format", "rfc868"), false, "rfc868", false);
	}

	@Bean("rfc868.connections")
	DirectChannel rfc868Connections() {
		return new DirectChannel();
	}

	@Bean("rfc868.replies")
	DirectChannel rfc868Replies() {
		return new DirectChannel();
	}

	@Bean("rfc868.requests")
	DirectChannel rfc868Requests() {
		return new DirectChannel();
	}

	@Bean
	IntegrationFlow rfc868ReplyFlow(@Qualifier(CONNECTION_FACTORY) EndpointServerConnectionFactory connectionFactory,
			@Qualifier("rfc868.connections") DirectChannel connections, @Qualifier("rfc868.replies") DirectChannel replies,
			Clock clock) {
		return IntegrationFlow
			.from(ConnectionOpenedProducer.on(connectionFactory).halfCloseAfterReply(true).id("rfc868.opened")
				.outputChannel(connections))
			.handle(String.class, (connectionId, headers) -> Rfc868Time.encode(clock.instant()),
					endpoint -> endpoint.id("rfc868.clock"))
			.channel(replies)
			.handle(Tcp.outboundAdapter(connectionFactory.connectionFactory()), endpoint -> endpoint.id("rfc868.outbound"))
			.get();
	}

	@Bean
	IntegrationFlow rfc868RequestFlow(@Qualifier(CONNECTION_FACTORY) EndpointServerConnectionFactory connectionFactory,
			@Qualifier("rfc868.requests") DirectChannel requests) {
		return IntegrationFlow.from(Tcp.inboundAdapter(connectionFactory.connectionFactory()).id("rfc868.inbound").outputChannel(requests))
			.handle(byte[].class, (payload, headers) -> {
				log.debug("rfc868 client {} sent {} bytes {}", headers.get(IpHeaders.IP_ADDRESS), payload.length,
						PayloadPreview.describe(payload));
				return null;
			}, endpoint -> endpoint.id("rfc868.requestLog"))
			.get();
	}

}
