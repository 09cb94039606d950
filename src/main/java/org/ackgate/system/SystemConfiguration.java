package org.ackgate.system;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.IdGenerator;

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

}
