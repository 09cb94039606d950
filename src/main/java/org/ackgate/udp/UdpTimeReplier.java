package org.ackgate.udp;

import java.net.InetSocketAddress;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

/**
 * A UDP time endpoint's {@code <name>.responder}: asks the {@link UdpTimeResponder} for the reply to
 * one datagram and hands it on with the request's headers, the very same instance. The outbound needs
 * exactly those (the source and the socket it came in on). Spring Integration would otherwise copy
 * them into a new message, twice; with the receiver's own two, such copies were a third of the
 * receiving thread's samples under load (docs/performance.md, "UDP: answered on the receiving
 * thread"). So the reply shares its request's message id.
 */
final class UdpTimeReplier extends AbstractReplyProducingMessageHandler {

	private final UdpTimeResponder responder;

	UdpTimeReplier(UdpTimeResponder responder) {
		this.responder = responder;
	}

	@Override
	protected @Nullable Object handleRequestMessage(Message<?> request) {
		MessageHeaders headers = request.getHeaders();
		InetSocketAddress source = headers.get(IpHeaders.PACKET_ADDRESS, InetSocketAddress.class);
		Instant received = headers.get(BindingUdpReceiver.RECEIVED_AT, Instant.class);
		if (source == null || received == null || !(request.getPayload() instanceof byte[] datagram)) {
			throw new IllegalArgumentException("a UDP time request needs a byte[] payload and the headers "
					+ IpHeaders.PACKET_ADDRESS + " and " + BindingUdpReceiver.RECEIVED_AT + " of its datagram");
		}
		byte[] reply = this.responder.reply(datagram, source.getAddress(), received);
		return (reply != null) ? new GenericMessage<>(reply, headers) : null;
	}

	/* The reply already carries its request's headers: nothing to copy (see the class comment). */
	@Override
	protected boolean shouldCopyRequestHeaders() {
		return false;
	}

}
