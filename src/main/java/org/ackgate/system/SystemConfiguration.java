package org.ackgate.system;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every feature shares. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	/** The system clock in the JVM's default zone; tests replace it with a fixed one. */
	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemDefaultZone();
	}

}
