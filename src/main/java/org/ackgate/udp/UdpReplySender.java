package org.ackgate.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * Sends a reply from the socket its request came in on, to the request's source, without ever
 * blocking: it runs on the receiving thread, and a send that would block (the socket's send
 * buffer full) drops the reply and counts it, so one slow socket cannot stall every source.
 */
public final class UdpReplySender extends AbstractMessageHandler {

	private static final Logger log = LoggerFactory.getLogger("org.ackgate.udp.UdpEndpoint");

	/** The {@code reason} of a reply dropped because the socket's send buffer was full. */
	public static final String SEND_BUFFER_FULL = "send_buffer_full";

	private final String endpoint;

	private final UdpTimeEvents events;

	public UdpReplySender(String endpoint, UdpTimeEvents events) {
		this.endpoint = endpoint;
		this.events = events;
	}

	@Override
	protected void handleMessageInternal(Message<?> message) {
		MessageHeaders headers = message.getHeaders();
		DatagramChannel socket = headers.get(BindingUdpReceiver.REPLY_CHANNEL, DatagramChannel.class);
		InetSocketAddress target = headers.get(IpHeaders.PACKET_ADDRESS, InetSocketAddress.class);
		if (socket == null || target == null) {
			throw new IllegalArgumentException("a UDP reply needs the headers " + BindingUdpReceiver.REPLY_CHANNEL
					+ " and " + IpHeaders.PACKET_ADDRESS + " of its request");
		}
		try {
			if (socket.send(ByteBuffer.wrap((byte[]) message.getPayload()), target) == 0) {
				this.events.dropped(this.endpoint, SEND_BUFFER_FULL);
			}
		}
		catch (IOException ex) {
			log.atWarn()
				.addKeyValue("endpoint", this.endpoint)
				.addKeyValue("peer", target.toString())
				.log("{} reply to {} not sent: {}", this.endpoint, target, ex.toString());
		}
	}

}
