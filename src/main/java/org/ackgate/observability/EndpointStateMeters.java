package org.ackgate.observability;

import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.integration.ip.udp.inbound.AbstractInternetProtocolReceivingChannelAdapter;

/**
 * What the health endpoint says per endpoint, as gauges a Prometheus alert can watch:
 * {@code ackgate_endpoint_up} (1 while the endpoint listens and accepts, the same test as its health
 * member) and {@code ackgate_connections_max} (a TCP endpoint's {@code max-connections}, so that
 * an alert can compare {@code ackgate_connections_active} with it without knowing the setting).
 */
final class EndpointStateMeters implements MeterBinder {

	private final ObjectProvider<EndpointDescriptor> endpoints;

	EndpointStateMeters(ObjectProvider<EndpointDescriptor> endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.endpoints.orderedStream().forEach(endpoint -> {
			if (endpoint.transport() instanceof EndpointDescriptor.Tcp tcp) {
				String name = tcp.factory().settings().endpoint();
				up(registry, name, tcp.factory()::isAccepting);
				Gauge.builder(MeterNames.CONNECTIONS_MAX, tcp.factory(), f -> f.settings().maxConnections())
					.description("The most TCP connections the endpoint keeps open (max-connections)")
					.tag(MeterNames.ENDPOINT, name)
					.strongReference(true)
					.register(registry);
			}
			else if (endpoint.transport() instanceof EndpointDescriptor.Udp udp) {
				// The health member's name: RFC 868 over UDP shares its meters' tag with TCP, not its state.
				up(registry, endpoint.name(), listening(udp.receiver()));
			}
		});
	}

	private static BooleanSupplier listening(AbstractInternetProtocolReceivingChannelAdapter receiver) {
		return () -> receiver.isRunning() && receiver.isListening();
	}

	/**
	 * The supplier is a lambda nothing else holds: a gauge keeps only a weak reference by default, so
	 * without a strong one the first garbage collection turns the gauge into NaN.
	 */
	private static void up(MeterRegistry registry, String endpoint, BooleanSupplier up) {
		Gauge.builder(MeterNames.ENDPOINT_UP, up, u -> u.getAsBoolean() ? 1 : 0)
			.description("1 while the endpoint listens and accepts (its health member is UP), else 0")
			.tag(MeterNames.ENDPOINT, endpoint)
			.strongReference(true)
			.register(registry);
	}

}
