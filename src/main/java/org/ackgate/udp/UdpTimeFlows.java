package org.ackgate.udp;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.dsl.Udp;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The shape every UDP time endpoint shares: {@code <name>.inbound} → {@code <name>.requests} →
 * {@code <name>.responder} → {@code <name>.replies} → {@code <name>.outbound}, which answers each
 * datagram's source from the bound socket, so replies come from the port the client asked.
 */
public final class UdpTimeFlows {

	private UdpTimeFlows() {
	}

	/** Workers with a bounded queue that drops (the discard policy can be wrapped to count). */
	public static ThreadPoolExecutor workers(String name, int threads, int queueCapacity) {
		ThreadPoolExecutor workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(queueCapacity), new CustomizableThreadFactory(name + "-"),
				new ThreadPoolExecutor.DiscardPolicy());
		workers.allowCoreThreadTimeOut(true);
		return workers;
	}

	/** @param name the prefix of the endpoint ids, for example {@code udp} */
	public static IntegrationFlow flow(String name, BindingUdpReceiver receiver, DirectChannel requests,
			DirectChannel replies, UdpTimeResponder responder) {
		receiver.setOutputChannel(requests);
		return IntegrationFlow.from(requests)
			.handle(byte[].class, (payload, headers) -> responder.reply(payload,
					((InetSocketAddress) headers.get(IpHeaders.PACKET_ADDRESS)).getAddress(),
					headers.get(BindingUdpReceiver.RECEIVED_AT, Instant.class)), endpoint -> endpoint.id(name + ".responder"))
			.channel(replies)
			.handle(Udp.outboundAdapter(message -> message.getHeaders().get(IpHeaders.PACKET_ADDRESS))
				.socketFunction(message -> receiver.getSocket()), endpoint -> endpoint.id(name + ".outbound"))
			.get();
	}

}
