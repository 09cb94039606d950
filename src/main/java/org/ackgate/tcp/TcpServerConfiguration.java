package org.ackgate.tcp;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

import org.ackgate.messages.WaitingSubscriber;

/** What every TCP endpoint shares: executors, the factory maker and the drain on shutdown. */
@Configuration(proxyBeanMethods = false)
class TcpServerConfiguration {

	@Bean
	ConnectionExecutors connectionExecutors(ThreadsProperties properties, TransportProperties transport) {
		return new ConnectionExecutors(properties, transport.transport());
	}

	@Bean
	TcpServerFactories tcpServerFactories(ConnectionExecutors executors, TaskScheduler taskScheduler,
			ObjectProvider<SslBundles> sslBundles, TransportProperties transport,
			ObjectProvider<WaitingSubscriber> waitingSubscribers) {
		return new TcpServerFactories(executors, taskScheduler, sslBundles.getIfAvailable(), transport,
				waitingSubscribers.orderedStream().toList());
	}

	@Bean
	FileLimitCheck fileLimitCheck(ObjectProvider<EndpointServerConnectionFactory> factories) {
		return new FileLimitCheck(
				() -> factories.orderedStream().map(EndpointServerConnectionFactory::settings).toList(),
				AcceptShortage::processFileLimit);
	}

	@Bean
	GracefulDrain gracefulDrain(ApplicationEventPublisher publisher,
			ObjectProvider<EndpointServerConnectionFactory> factories, ShutdownProperties properties) {
		return new GracefulDrain(publisher, factories.orderedStream().toList(), properties);
	}

}
