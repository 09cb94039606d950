package org.ackgate.udp;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One per-source limiter for every UDP time endpoint, so a source's budget is shared across ports. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "ackgate.udp.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {

	@Bean
	SourceRateLimiter sourceRateLimiter(UdpProperties properties) {
		UdpProperties.RateLimit limit = properties.rateLimit();
		return new SourceRateLimiter(limit.interval(), limit.burst(), limit.leak(), limit.tableSize(), System::nanoTime);
	}

}
