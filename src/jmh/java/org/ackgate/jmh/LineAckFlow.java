package org.ackgate.jmh;

import java.time.Clock;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.core.MessagingTemplate;

import org.ackgate.line.LineAckResponder;
import org.ackgate.messages.AcceptedMessagePublisher;
import org.ackgate.messages.PublishAndAckHandler;

/**
 * The line endpoint's flow without sockets, for the benchmarks of what a message costs:
 * {@code line.requests} (direct) → {@link PublishAndAckHandler} publishing on a
 * publish-subscribe {@code ackgate.messages} with one subscriber that does nothing → the ack as
 * the reply; and a template that exchanges with it as {@code TcpInboundGateway} does.
 */
final class LineAckFlow {

	final DirectChannel requests;

	final MessagingTemplate gateway;

	LineAckFlow(LineAckResponder responder) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		PublishSubscribeChannel messages = new PublishSubscribeChannel();
		messages.setBeanName("ackgate.messages");
		messages.setBeanFactory(beans);
		messages.afterPropertiesSet();
		messages.subscribe(message -> {
		});
		PublishAndAckHandler handler = new PublishAndAckHandler("line",
				new AcceptedMessagePublisher(messages, Clock.systemUTC()), accepted -> responder.ack(accepted.payload()));
		handler.setBeanFactory(beans);
		handler.afterPropertiesSet();
		this.requests = new DirectChannel();
		this.requests.setBeanName("line.requests");
		this.requests.setBeanFactory(beans);
		this.requests.afterPropertiesSet();
		this.requests.subscribe(handler);
		this.gateway = new MessagingTemplate();
		this.gateway.setBeanFactory(beans);
	}

}
