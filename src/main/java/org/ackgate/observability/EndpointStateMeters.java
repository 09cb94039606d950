package org.ackgate.observability;

import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;

import org.ackgate.tcp.EndpointServerConnectionFactory;

/**
 * What the health endpoint says per endpoint, as gauges a Prometheus alert can watch:
 * {@code ackgate_endpoint_up} (1 while the endpoint listens and accepts, the same test as its health
 * member) and {@code ackgate_connections_max} (a TCP endpoint's {@code max-connections}, so that
 * an alert can compare {@code ackgate_connections_active} with it without knowing the setting).
 */
final class EndpointStateMeters implements MeterBinder {

	private final ObjectProvider<EndpointServerConnectionFactory> factories;

	private final ObjectProvider<UnicastReceivingChannelAdapter> udpReceiver;

	private final ObjectProvider<UnicastReceivingChannelAdapter> rfc868UdpReceiver;

	EndpointStateMeters(ObjectProvider<EndpointServerConnectionFactory> factories,
			ObjectProvider<UnicastReceivingChannelAdapter> udpReceiver,
			ObjectProvider<UnicastReceivingChannelAdapter> rfc868UdpReceiver) {
		this.factories = factories;
		this.udpReceiver = udpReceiver;
		this.rfc868UdpReceiver = rfc868UdpReceiver;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.factories.orderedStream().forEach(factory -> {
			String endpoint = factory.settings().endpoint();
			up(registry, endpoint, factory::isAccepting);
			Gauge.builder(MeterNames.CONNECTIONS_MAX, factory, f -> f.tracker().maxConnections())
				.description("The most TCP connections the endpoint keeps open (max-connections)")
				.tag(MeterNames.ENDPOINT, endpoint)
				.register(registry);
		});
		this.udpReceiver.ifAvailable(receiver -> up(registry, UdpEndpointMeters.ENDPOINT, listening(receiver)));
		this.rfc868UdpReceiver.ifAvailable(receiver -> up(registry, "rfc868-udp", listening(receiver)));
	}

	private static BooleanSupplier listening(UnicastReceivingChannelAdapter receiver) {
		return () -> receiver.isRunning() && receiver.isListening();
	}

	private static void up(MeterRegistry registry, String endpoint, BooleanSupplier up) {
		Gauge.builder(MeterNames.ENDPOINT_UP, up, u -> u.getAsBoolean() ? 1 : 0)
			.description("1 while the endpoint listens and accepts (its health member is UP), else 0")
			.tag(MeterNames.ENDPOINT, endpoint)
			.register(registry);
	}

}
