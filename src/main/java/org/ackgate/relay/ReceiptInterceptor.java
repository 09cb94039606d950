package org.ackgate.relay;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.messaging.support.GenericMessage;

/**
 * For a framed upstream: answers every ack with the receipt {@code ok} as soon as it is read, as
 * the tutorial's framed-ack client does (its server waits for the receipt after each ack), and before the ack
 * reaches the gateway, so the receipt always precedes the connection's next frame.
 */
final class ReceiptInterceptor extends TcpConnectionInterceptorSupport {

	ReceiptInterceptor(ApplicationEventPublisher publisher) {
		super(publisher);
	}

	@Override
	public void onMessage(Message<?> message) {
		if (message instanceof ErrorMessage || !(message.getPayload() instanceof byte[])) {
			super.onMessage(message);
			return;
		}
		try {
			super.send(new GenericMessage<>(RelayCodec.RECEIPT));
		}
		catch (RuntimeException ex) {
			// The ack arrived; a receipt that cannot be written only costs the upstream's log line.
			logger.debug("Could not write the receipt", ex);
		}
		super.onMessage(message);
	}

}
