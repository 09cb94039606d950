package org.ackgate.observability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.GlobalChannelInterceptor;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;
import org.springframework.messaging.support.ChannelInterceptor;

import org.ackgate.framed.FramedProperties;
import org.ackgate.line.LineProperties;
import org.ackgate.tcp.EndpointServerConnectionFactory;
import org.ackgate.time.TimeProperties;
import org.ackgate.time.UdpProperties;

/**
 * Meters, health and info for every enabled endpoint. TCP endpoints are found as their
 * connection factories; the UDP endpoint as its receiver {@code udp.inbound}, its channels
 * {@code udp.requests} and {@code udp.replies} and its worker pool {@code udpWorkers}.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	/** The UDP receiver's bean name. */
	static final String UDP_RECEIVER = "udp.inbound";

	@Bean
	PromtoolCleanMeters promtoolCleanMeters() {
		return new PromtoolCleanMeters();
	}

	/** Attaches each TCP endpoint's meters to its tracker when the registry binds, before any endpoint listens. */
	@Bean
	MeterBinder tcpEndpointMeters(ObjectProvider<EndpointServerConnectionFactory> factories) {
		return registry -> factories.orderedStream()
			.map(EndpointServerConnectionFactory::tracker)
			.forEach(tracker -> tracker
				.addObserver(new TcpEndpointMeters(registry, tracker, features(tracker.endpoint()))));
	}

	/** What each TCP endpoint answers with; an endpoint not listed here gets every meter. */
	static TcpEndpointMeters.Features features(String endpoint) {
		return switch (endpoint) {
			case "line" -> new TcpEndpointMeters.Features(true, false, false);
			case "framed" -> new TcpEndpointMeters.Features(true, false, true);
			case "time" -> new TcpEndpointMeters.Features(false, true, false);
			default -> new TcpEndpointMeters.Features(true, true, true);
		};
	}

	/** {@code /actuator/health/endpoints}, with one member per enabled endpoint; readiness includes it. */
	@Bean
	CompositeHealthContributor endpointsHealthContributor(ObjectProvider<EndpointServerConnectionFactory> factories,
			@Qualifier(UDP_RECEIVER) ObjectProvider<UnicastReceivingChannelAdapter> udpReceiver) {
		Map<String, HealthContributor> members = new LinkedHashMap<>();
		factories.orderedStream()
			.forEach(factory -> members.put(factory.settings().endpoint(), new TcpEndpointHealthIndicator(factory)));
		udpReceiver.ifAvailable(receiver -> members.put(UdpEndpointMeters.ENDPOINT,
				new UdpEndpointHealthIndicator(receiver)));
		return CompositeHealthContributor.fromMap(members);
	}

	@Bean
	EndpointInfoContributor endpointInfoContributor(ObjectProvider<EndpointServerConnectionFactory> factories,
			@Qualifier(UDP_RECEIVER) ObjectProvider<UnicastReceivingChannelAdapter> udpReceiver,
			LineProperties line, FramedProperties framed, TimeProperties time, UdpProperties udp) {
		List<EndpointInfoContributor.Entry> entries = new java.util.ArrayList<>();
		factories.orderedStream().forEach(factory -> {
			String name = factory.settings().endpoint();
			Map<String, Object> settings = new LinkedHashMap<>();
			String framing = switch (name) {
				case "line" -> "lf";
				case "framed" -> {
					settings.put("ackFraming", label(framed.ackFraming()));
					yield "headers";
				}
				case "time" -> {
					settings.put("format", label(time.format()));
					settings.put("keepOpen", time.keepOpen());
					yield "none";
				}
				default -> "unknown";
			};
			settings.put("maxMessageSize", factory.settings().maxMessageSize());
			settings.put("maxConnections", factory.settings().maxConnections());
			entries.add(new EndpointInfoContributor.Entry(name, "tcp", factory::getPort,
					factory.settings().bindAddress(), framing, settings));
		});
		udpReceiver.ifAvailable(receiver -> entries.add(new EndpointInfoContributor.Entry(UdpEndpointMeters.ENDPOINT,
				"udp", receiver::getPort, udp.bindAddress(), "datagram", Map.of("format", label(udp.format())))));
		return new EndpointInfoContributor(entries);
	}

	/** {@code rfc3339-millis} for {@code RFC3339_MILLIS}: the value as it is written in application.yml. */
	private static String label(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** The UDP endpoint's meters; present only when the endpoint is enabled. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "ackgate.udp.enabled", matchIfMissing = true)
	static class UdpObservabilityConfiguration {

		@Bean
		UdpEndpointMeters udpEndpointMeters(MeterRegistry registry,
				@Qualifier("udpWorkers") ThreadPoolExecutor workers) {
			UdpEndpointMeters meters = new UdpEndpointMeters(registry);
			meters.countDrops(workers);
			new ExecutorServiceMetrics(workers, "udpWorkers", List.of()).bindTo(registry);
			return meters;
		}

		@Bean
		@GlobalChannelInterceptor(patterns = "udp.requests")
		ChannelInterceptor udpRequestCounter(UdpEndpointMeters meters) {
			return meters.requestCounter();
		}

		@Bean
		@GlobalChannelInterceptor(patterns = "udp.replies")
		ChannelInterceptor udpReplyCounter(UdpEndpointMeters meters) {
			return meters.replyCounter();
		}

	}

}
