package org.ackgate.framed;

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
import org.ackgate.tcp.ConnectionEvents;
import org.ackgate.tcp.DirectReplyInboundGateway;
import org.ackgate.tcp.EndpointServerConnectionFactory;
import org.ackgate.tcp.TcpServerFactories;

/**
 * framed.inbound (gateway) → framed.requests → framed.responder, which publishes on
 * ackgate.messages and replies with the ack. Receipts never reach the flow: the codec consumes them
 * between frames, so a receipt produces no reply and cannot stall the connection.
 * <p>
 * No error channel, for the reason given on the line endpoint's flow.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "ackgate.framed.enabled", matchIfMissing = true)
class FramedFlowConfiguration {

	@Bean
	EndpointServerConnectionFactory framedConnectionFactory(FramedProperties properties,
			TcpServerFactories factories) {
		int maxLength = (int) properties.maxMessageSize().toBytes();
		return factories.create(properties.server(),
				events -> new HeadersCodec(maxLength, new CodecEvents(events))::decode,
				(events, peer) -> new IncrementalHeadersDecoder(maxLength, new CodecEvents(events), peer));
	}

	/** Acks each frame, and its codec consumes receipts and skips garbage, which are counted. */
	@Bean
	EndpointDescriptor framedEndpoint(EndpointServerConnectionFactory framedConnectionFactory,
			FramedProperties properties) {
		return EndpointDescriptor.tcp(framedConnectionFactory, "headers",
				Map.of("ackFraming", EndpointDescriptor.label(properties.ackFraming())), true, null, true);
	}

	/** A bean, so the gateway sends to it directly: no generated channel and bridge in front of it. */
	@Bean("framed.requests")
	DirectChannel framedRequests() {
		return new DirectChannel();
	}

	@Bean
	IntegrationFlow framedFlow(EndpointServerConnectionFactory framedConnectionFactory,
			AcceptedMessagePublisher publisher, FramedProperties properties,
			@Qualifier("framed.requests") DirectChannel requests) {
		FramedAckResponder responder = new FramedAckResponder(properties.ackText(), properties.ackFraming());
		return IntegrationFlow
			.from(DirectReplyInboundGateway.over(framedConnectionFactory.connectionFactory()).id("framed.inbound").requestChannel(requests))
			.handle(new PublishAndAckHandler(FramedProperties.ENDPOINT, publisher, message -> responder.ack()),
					endpoint -> endpoint.id("framed.responder"))
			.get();
	}

	/** Receipts and skipped bytes go to the endpoint's connection events, which log and count them. */
	private record CodecEvents(ConnectionEvents events) implements HeadersCodec.Events {

		@Override
		public void receipt(String peer) {
			this.events.receipt(peer);
		}

		@Override
		public void skipped(String peer, long count) {
			this.events.skippedBytes(peer, count);
		}

	}

}
