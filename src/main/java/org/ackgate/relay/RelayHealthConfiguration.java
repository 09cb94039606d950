package org.ackgate.relay;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.ackgate.forward.JournalForwarder;

/**
 * The {@code relay} health contributor, present whether or not the relay is on, so that the
 * readiness group can always name it (application.yml).
 */
@Configuration(proxyBeanMethods = false)
class RelayHealthConfiguration {

	@Bean
	RelayHealthIndicator relayHealthIndicator(RelayProperties properties, ObjectProvider<UpstreamState> state,
			@Qualifier(RelayConfiguration.FORWARDER) ObjectProvider<JournalForwarder> forwarder) {
		UpstreamState upstream = properties.enabled() ? state.getIfAvailable() : null;
		JournalForwarder local = forwarder.getIfAvailable();
		return new RelayHealthIndicator(properties, upstream, (local != null) ? local::backlogBytes : null,
				(local != null) ? local::stopped : null);
	}

}
