package org.ackgate.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Meters, health and info for every enabled endpoint, from the {@link EndpointDescriptor} each
 * feature publishes.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	PromtoolCleanMeters promtoolCleanMeters() {
		return new PromtoolCleanMeters();
	}

	/** Attaches each TCP endpoint's meters to its connection events when the registry binds, before any endpoint listens. */
	@Bean
	MeterBinder tcpEndpointMeters(ObjectProvider<EndpointDescriptor> endpoints) {
		return registry -> endpoints.orderedStream().forEach(endpoint -> {
			if (endpoint.transport() instanceof EndpointDescriptor.Tcp tcp) {
				tcp.factory().events().addObserver(new TcpEndpointMeters(registry, tcp.factory().admission(), tcp.meters()));
			}
		});
	}

	/** {@code ackgate_endpoint_up} and {@code ackgate_connections_max}, for alerts (monitoring/ackgate-rules.yaml). */
	@Bean
	EndpointStateMeters endpointStateMeters(ObjectProvider<EndpointDescriptor> endpoints) {
		return new EndpointStateMeters(endpoints);
	}

	/** {@code /actuator/health/endpoints}, with one member per enabled endpoint; readiness includes it. */
	@Bean
	CompositeHealthContributor endpointsHealthContributor(ObjectProvider<EndpointDescriptor> endpoints) {
		Map<String, HealthContributor> members = new LinkedHashMap<>();
		endpoints.orderedStream().forEach(endpoint -> {
			if (endpoint.transport() instanceof EndpointDescriptor.Tcp tcp) {
				members.put(endpoint.name(), new TcpEndpointHealthIndicator(tcp.factory()));
			}
			else if (endpoint.transport() instanceof EndpointDescriptor.Udp udp) {
				members.put(endpoint.name(), new UdpEndpointHealthIndicator(udp.receiver()));
			}
		});
		return CompositeHealthContributor.fromMap(members);
	}

	@Bean
	EndpointInfoContributor endpointInfoContributor(ObjectProvider<EndpointDescriptor> endpoints) {
		List<EndpointInfoContributor.Entry> entries = new ArrayList<>();
		endpoints.orderedStream().forEach(endpoint -> {
			Map<String, Object> settings = new LinkedHashMap<>(endpoint.info());
			if (endpoint.transport() instanceof EndpointDescriptor.Tcp tcp) {
				settings.put("maxMessageSize", tcp.factory().settings().maxMessageSize());
				settings.put("maxConnections", tcp.factory().settings().maxConnections());
				entries.add(new EndpointInfoContributor.Entry(endpoint.name(), "tcp", tcp.factory()::getPort,
						tcp.factory().settings().bindAddress(), endpoint.framing(), settings));
			}
			else if (endpoint.transport() instanceof EndpointDescriptor.Udp udp) {
				entries.add(new EndpointInfoContributor.Entry(endpoint.name(), "udp", udp.receiver()::getPort,
						udp.bindAddress(), endpoint.framing(), settings));
			}
		});
		return new EndpointInfoContributor(entries);
	}

	/**
	 * The UDP time endpoints' meters, fed by their responders and reply senders; the series of
	 * each enabled endpoint's dialects are there from startup.
	 */
	@Bean
	UdpEndpointMeters udpEndpointMeters(MeterRegistry registry, ObjectProvider<EndpointDescriptor> endpoints) {
		Map<String, List<String>> dialects = new LinkedHashMap<>();
		endpoints.orderedStream()
			.map(EndpointDescriptor::transport)
			.filter(EndpointDescriptor.Udp.class::isInstance)
			.map(EndpointDescriptor.Udp.class::cast)
			.forEach(udp -> dialects.put(udp.meterEndpoint(), udp.dialects()));
		return new UdpEndpointMeters(registry, dialects);
	}

}
