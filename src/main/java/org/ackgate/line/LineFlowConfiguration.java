package org.ackgate.line;

import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;

import org.ackgate.messages.AcceptedMessagePublisher;
import org.ackgate.messages.PublishAndAckHandler;
import org.ackgate.observability.EndpointDescriptor;
import org.ackgate.tcp.DirectReplyInboundGateway;
import org.ackgate.tcp.EndpointServerConnectionFactory;
import org.ackgate.tcp.TcpServerFactories;

/**
 * line.inbound (gateway) → line.requests → line.responder, which publishes on ackgate.messages
 * and replies with the ack the gateway writes back on the same connection.
 * <p>
 * No error channel: a message that fails on its way is not acked, and the connection closes with
 * the reason logged (see the TCP package); an error flow without a reply would stall the
 * connection for the gateway's reply timeout instead.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "ackgate.line.enabled", matchIfMissing = true)
class LineFlowConfiguration {

	@Bean
	EndpointServerConnectionFactory lineConnectionFactory(LineProperties properties, TcpServerFactories factories) {
		int maxLength = (int) properties.maxMessageSize().toBytes();
		return factories.create(properties.server(), events -> new LineCodec(maxLength),
				(events, peer) -> new IncrementalLineDecoder(maxLength));
	}

	/** Acks each line; no settings beyond the connection factory's worth showing. */
	@Bean
	EndpointDescriptor lineEndpoint(EndpointServerConnectionFactory lineConnectionFactory) {
		return EndpointDescriptor.tcp(lineConnectionFactory, "lf", Map.of(), true, null, false);
	}

	/** A bean, so the gateway sends to it directly: no generated channel and bridge in front of it. */
	@Bean("line.requests")
	DirectChannel lineRequests() {
		return new DirectChannel();
	}

	@Bean
	IntegrationFlow lineFlow(EndpointServerConnectionFactory lineConnectionFactory, AcceptedMessagePublisher publisher,
			LineProperties properties, @Qualifier("line.requests") DirectChannel requests) {
		LineAckResponder responder = new LineAckResponder(properties.ackPrefix());
		return IntegrationFlow.from(DirectReplyInboundGateway.over(lineConnectionFactory.connectionFactory()).id("line.inbound").requestChannel(requests))
			.handle(new PublishAndAckHandler(LineProperties.ENDPOINT, publisher, message -> responder.ack(message.payload())),
					endpoint -> endpoint.id("line.responder"))
			.get();
	}

}
