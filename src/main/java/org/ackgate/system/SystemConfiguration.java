package org.ackgate.system;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.IdGenerator;

import org.ackgate.net.ServedOnRelease;

/** Beans every feature shares. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	/** The system clock in the JVM's default zone; tests replace it with a fixed one. */
	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemDefaultZone();
	}

	/**
	 * Picked up by Spring Integration for every message's id (its {@code IdGeneratorConfigurer}):
	 * see {@link MonotonicIdGenerator} for why a counter is enough and what it saves.
	 */
	@Bean
	@ConditionalOnMissingBean
	IdGenerator messageIdGenerator() {
		return new MonotonicIdGenerator();
	}

	/** Serves the endpoints' ports once every flow behind them has started. */
	@Bean
	ListenerRelease listenerRelease(ObjectProvider<ServedOnRelease> listeners) {
		return new ListenerRelease(listeners);
	}

}
