package org.ackgate.messages;

import java.time.Clock;
import java.util.Map;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

import org.ackgate.net.AddressText;

/**
 * Publishes what an ack endpoint decoded on {@code ackgate.messages}, synchronously: when it
 * returns, every subscriber has taken the message, and only then may the ack be written (once
 * the confirmations they promised came, when the connection's {@link Confirmations} were open). A
 * subscriber's failure propagates, so the message gets no ack.
 */
public final class AcceptedMessagePublisher {

	private final MessageChannel channel;

	private final Clock clock;

	public AcceptedMessagePublisher(MessageChannel channel, Clock clock) {
		this.channel = channel;
		this.clock = clock;
	}

	/**
	 * @param headers the inbound message's headers, for the connection and the peer
	 * @return what was published
	 * @throws org.springframework.messaging.MessagingException when a subscriber failed
	 */
	public AcceptedMessage publish(String endpoint, byte[] payload, MessageHeaders headers) {
		AcceptedMessage accepted = new AcceptedMessage(endpoint, String.valueOf(headers.get(IpHeaders.CONNECTION_ID)),
				peer(headers), this.clock.instant(), payload);
		Confirmations confirmations = Confirmations.openIn(headers);
		Message<AcceptedMessage> message = (confirmations != null)
				? new GenericMessage<>(accepted, Map.of(Confirmations.HEADER, confirmations))
				: new GenericMessage<>(accepted);
		if (!this.channel.send(message)) {
			throw new MessageDeliveryException(message, "ackgate.messages did not take the message");
		}
		return accepted;
	}

	private static String peer(MessageHeaders headers) {
		Object port = headers.get(IpHeaders.REMOTE_PORT);
		return AddressText.hostAndPort(String.valueOf(headers.get(IpHeaders.IP_ADDRESS)),
				(port instanceof Integer number) ? number : -1);
	}

}
