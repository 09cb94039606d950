package org.ackgate.messages;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.dsl.IntegrationFlow;

/** The {@code ackgate.messages} channel, its publisher and its logging subscriber. */
@Configuration(proxyBeanMethods = false)
class MessagesConfiguration {

	/** The name of the channel every accepted message is published on. */
	static final String CHANNEL = "ackgate.messages";

	@Bean(CHANNEL)
	PublishSubscribeChannel acceptedMessages() {
		// Synchronous on purpose: the ack follows only when every subscriber returned.
		return new PublishSubscribeChannel(true);
	}

	@Bean
	AcceptedMessagePublisher acceptedMessagePublisher(@Qualifier(CHANNEL) PublishSubscribeChannel channel,
			Clock clock) {
		return new AcceptedMessagePublisher(channel, clock);
	}

	@Bean
	IntegrationFlow acceptedMessageLogFlow() {
		AcceptedMessageLogger logger = new AcceptedMessageLogger();
		// A plain MessageHandler, not a reply-producing one returning null: that path formats a
		// "produced no reply" debug message per message, whatever the log level.
		return IntegrationFlow.from(CHANNEL)
			.handle(message -> logger.log((AcceptedMessage) message.getPayload()),
					endpoint -> endpoint.id("messages.log"))
			.get();
	}

}
