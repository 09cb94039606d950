package org.ackgate.messages;

import java.util.function.Function;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * The last step of an ack endpoint's flow: publishes the decoded frame on
 * {@code ackgate.messages} and, once every subscriber took it, replies with the ack the gateway
 * writes. The reply carries no copy of the request's headers: the gateway answers on the
 * connection the request came from, and copying a map per message was the largest single cost
 * per ack in the profile (see docs/performance.md).
 */
public final class PublishAndAckHandler extends AbstractReplyProducingMessageHandler {

	private final String endpoint;

	private final AcceptedMessagePublisher publisher;

	private final Function<AcceptedMessage, byte[]> ack;

	/**
	 * @param endpoint the endpoint's name, as published
	 * @param ack builds the ack of a published message; pure, no Spring Integration types
	 */
	public PublishAndAckHandler(String endpoint, AcceptedMessagePublisher publisher,
			Function<AcceptedMessage, byte[]> ack) {
		this.endpoint = endpoint;
		this.publisher = publisher;
		this.ack = ack;
	}

	@Override
	protected Object handleRequestMessage(Message<?> request) {
		AcceptedMessage accepted = this.publisher.publish(this.endpoint, (byte[]) request.getPayload(),
				request.getHeaders());
		return new GenericMessage<>(this.ack.apply(accepted));
	}

	@Override
	protected boolean shouldCopyRequestHeaders() {
		return false;
	}

}
