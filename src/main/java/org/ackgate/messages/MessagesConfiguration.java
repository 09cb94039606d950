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
		return IntegrationFlow.from(CHANNEL)
			.handle(AcceptedMessage.class, (message, headers) -> {
				logger.log(message);
				return null;
			}, endpoint -> endpoint.id("messages.log"))
			.get();
	}

}
