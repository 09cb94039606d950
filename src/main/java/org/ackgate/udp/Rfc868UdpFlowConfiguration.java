package org.ackgate.udp;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;

import org.ackgate.observability.EndpointDescriptor;
import org.ackgate.time.Rfc868Properties;
import org.ackgate.time.Rfc868Time;

/**
 * RFC 868 over UDP: rfc868.udp.inbound → rfc868.udp.requests → rfc868.udp.responder →
 * rfc868.udp.replies → rfc868.udp.outbound; any datagram gets the four bytes, within the same
 * per-source limits as the UDP time endpoint. The TCP half is in the time package.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "ackgate.rfc868.enabled")
class Rfc868UdpFlowConfiguration {

	static final String RECEIVER = "rfc868.udp.inbound";

	@Bean(destroyMethod = "shutdownNow")
	ThreadPoolExecutor rfc868UdpWorkers() {
		return UdpTimeFlows.workers("rfc868-udp", 1, 256);
	}

	@Bean("rfc868.udp.requests")
	DirectChannel rfc868UdpRequests() {
		return new DirectChannel();
	}

	@Bean("rfc868.udp.replies")
	DirectChannel rfc868UdpReplies() {
		return new DirectChannel();
	}

	@Bean(RECEIVER)
	BindingUdpReceiver rfc868UdpReceiver(Rfc868Properties properties,
			@Qualifier("rfc868UdpWorkers") ThreadPoolExecutor workers, Clock clock) {
		return new BindingUdpReceiver("rfc868", properties.port(), properties.bindAddress(), workers, clock);
	}

	/** What observability shows of this endpoint: its health, info and meters (tagged {@code rfc868}, as on TCP). */
	@Bean
	EndpointDescriptor rfc868UdpEndpoint(@Qualifier(RECEIVER) BindingUdpReceiver receiver,
			Rfc868Properties properties, @Qualifier("rfc868UdpWorkers") ThreadPoolExecutor workers) {
		return new EndpointDescriptor("rfc868-udp", "datagram", Map.of("format", "rfc868"), new EndpointDescriptor.Udp(
				receiver, properties.bindAddress(), "rfc868", List.of("rfc868"), workers, null));
	}

	@Bean
	IntegrationFlow rfc868UdpFlow(@Qualifier(RECEIVER) BindingUdpReceiver receiver,
			@Qualifier("rfc868.udp.requests") DirectChannel requests,
			@Qualifier("rfc868.udp.replies") DirectChannel replies, ObjectProvider<SourceRateLimiter> limiter,
			ObjectProvider<UdpTimeEvents> events) {
		UdpTimeResponder responder = new UdpTimeResponder("rfc868", "rfc868", Rfc868Time::encode, null,
				limiter.getIfAvailable(), events.getIfAvailable(() -> UdpTimeEvents.NONE));
		return UdpTimeFlows.flow("rfc868.udp", receiver, requests, replies, responder);
	}

}
