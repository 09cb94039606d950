package org.ackgate.rfc868;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;

import org.ackgate.observability.EndpointDescriptor;
import org.ackgate.udp.BindingUdpReceiver;
import org.ackgate.udp.SourceRateLimiter;
import org.ackgate.udp.UdpTimeEvents;
import org.ackgate.udp.UdpTimeFlows;
import org.ackgate.udp.UdpTimeResponder;

/**
 * RFC 868 over UDP: rfc868.udp.inbound → rfc868.udp.requests → rfc868.udp.responder →
 * rfc868.udp.replies → rfc868.udp.outbound, all on the receiving thread; any datagram gets the
 * four bytes, within the same per-source limits as the UDP time endpoint. One receiver: the
 * protocol is rare and cheap.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "ackgate.rfc868.enabled")
class Rfc868UdpFlowConfiguration {

	static final String RECEIVER = "rfc868.udp.inbound";

	/** Datagrams that may wait in the socket's receive buffer, at about 1 KiB each. */
	private static final int QUEUED_DATAGRAMS = 256;

	@Bean("rfc868.udp.requests")
	DirectChannel rfc868UdpRequests() {
		return new DirectChannel();
	}

	@Bean("rfc868.udp.replies")
	DirectChannel rfc868UdpReplies() {
		return new DirectChannel();
	}

	@Bean(RECEIVER)
	BindingUdpReceiver rfc868UdpReceiver(Rfc868Properties properties, Clock clock) {
		BindingUdpReceiver receiver = new BindingUdpReceiver("rfc868", properties.port(), properties.bindAddress(), 1,
				clock);
		receiver.setSoReceiveBufferSize(QUEUED_DATAGRAMS * 1024);
		return receiver;
	}

	/** What observability shows of this endpoint: its health, info and meters (tagged {@code rfc868}, as on TCP). */
	@Bean
	EndpointDescriptor rfc868UdpEndpoint(@Qualifier(RECEIVER) BindingUdpReceiver receiver,
			Rfc868Properties properties) {
		return new EndpointDescriptor("rfc868-udp", "datagram", Map.of("format", "rfc868"), new EndpointDescriptor.Udp(
				receiver, properties.bindAddress(), "rfc868", List.of("rfc868")));
	}

	@Bean
	IntegrationFlow rfc868UdpFlow(@Qualifier(RECEIVER) BindingUdpReceiver receiver,
			@Qualifier("rfc868.udp.requests") DirectChannel requests,
			@Qualifier("rfc868.udp.replies") DirectChannel replies, ObjectProvider<SourceRateLimiter> limiter,
			ObjectProvider<UdpTimeEvents> events) {
		UdpTimeEvents listener = events.getIfAvailable(() -> UdpTimeEvents.NONE);
		UdpTimeResponder responder = new UdpTimeResponder("rfc868", "rfc868", Rfc868Time::encode, null,
				limiter.getIfAvailable(), listener);
		return UdpTimeFlows.flow("rfc868.udp", receiver, requests, replies, responder, listener);
	}

}
