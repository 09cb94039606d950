package org.ackgate.relay;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code relay} health contributor, present whether or not the relay is on, so that the
 * readiness group can always name it (application.yml).
 */
@Configuration(proxyBeanMethods = false)
class RelayHealthConfiguration {

	@Bean
	RelayHealthIndicator relayHealthIndicator(RelayProperties properties, ObjectProvider<UpstreamState> state,
			ObjectProvider<JournalForwarder> forwarder) {
		UpstreamState upstream = properties.enabled() ? state.getIfAvailable() : null;
		JournalForwarder local = forwarder.getIfAvailable();
		return new RelayHealthIndicator(properties, upstream, (local != null) ? local::backlog : null);
	}

}
