package org.ackgate.time;

import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.dsl.Udp;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * UDP time: udp.inbound → udp.requests → udp.responder → udp.replies → udp.outbound, which
 * answers each datagram's source from the bound socket, so replies come from the port the client
 * asked.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "ackgate.udp.enabled", matchIfMissing = true)
class UdpTimeFlowConfiguration {

	static final String RECEIVER = "udp.inbound";

	@Bean(destroyMethod = "shutdownNow")
	ThreadPoolExecutor udpWorkers(UdpProperties properties) {
		ThreadPoolExecutor workers = new ThreadPoolExecutor(properties.workers(), properties.workers(), 60,
				TimeUnit.SECONDS, new ArrayBlockingQueue<>(properties.queueCapacity()),
				new CustomizableThreadFactory("udp-"), new ThreadPoolExecutor.DiscardPolicy());
		workers.allowCoreThreadTimeOut(true);
		return workers;
	}

	/** A bean, so the receiver sends to it directly: no generated channel and bridge in front of it. */
	@Bean("udp.requests")
	DirectChannel udpRequests() {
		return new DirectChannel();
	}

	@Bean(RECEIVER)
	BindingUdpReceiver udpReceiver(UdpProperties properties, @Qualifier("udpWorkers") ThreadPoolExecutor workers,
			@Qualifier("udp.requests") DirectChannel requests) {
		BindingUdpReceiver receiver = new BindingUdpReceiver("udp", properties.port(), properties.bindAddress(), workers);
		receiver.setOutputChannel(requests);
		return receiver;
	}

	@Bean
	IntegrationFlow udpTimeFlow(@Qualifier(RECEIVER) BindingUdpReceiver receiver, UdpProperties properties,
			Clock clock) {
		UdpTimeResponder responder = new UdpTimeResponder(new TimeText(clock, properties.format()));
		return IntegrationFlow.from(receiver)
			.transformWith(spec -> spec.id("udp.responder").expectedType(byte[].class).transformer(responder::reply))
			.channel("udp.replies")
			.handle(Udp.outboundAdapter(message -> message.getHeaders().get(IpHeaders.PACKET_ADDRESS))
				.socketFunction(message -> receiver.getSocket()), endpoint -> endpoint.id("udp.outbound"))
			.get();
	}

}
