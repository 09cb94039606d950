package org.ackgate.udp;

import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.MessageProducerSpec;

/**
 * The shape every UDP time endpoint shares: {@code <name>.inbound} → {@code <name>.requests} →
 * {@code <name>.responder} → {@code <name>.replies} → {@code <name>.outbound}, which answers each
 * datagram's source from the socket it came in on, so replies come from the port the client
 * asked. Both channels are {@code DirectChannel}s: the whole path runs on the receiving thread.
 */
public final class UdpTimeFlows {

	private UdpTimeFlows() {
	}

	/** @param name the prefix of the endpoint ids, for example {@code udp} */
	public static IntegrationFlow flow(String name, BindingUdpReceiver receiver, DirectChannel requests,
			DirectChannel replies, UdpTimeResponder responder, UdpTimeEvents events) {
		return IntegrationFlow.from(new ReceiverSpec(receiver).outputChannel(requests))
			.handle(new UdpTimeReplier(responder), endpoint -> endpoint.id(name + ".responder"))
			.channel(replies)
			.handle(new UdpReplySender(receiver.endpoint(), events), endpoint -> endpoint.id(name + ".outbound"))
			.get();
	}

	/** Lets the flow name the receiver's output channel, as the DSL's own adapter specs do. */
	private static final class ReceiverSpec extends MessageProducerSpec<ReceiverSpec, BindingUdpReceiver> {

		ReceiverSpec(BindingUdpReceiver receiver) {
			super(receiver);
		}

	}

}
