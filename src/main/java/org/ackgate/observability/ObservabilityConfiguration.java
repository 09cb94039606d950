package org.ackgate.observability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.ip.udp.inbound.AbstractInternetProtocolReceivingChannelAdapter;

import org.ackgate.framed.FramedProperties;
import org.ackgate.line.LineProperties;
import org.ackgate.rfc868.Rfc868Properties;
import org.ackgate.tcp.EndpointServerConnectionFactory;
import org.ackgate.time.TimeFormat;
import org.ackgate.time.TimeProperties;
import org.ackgate.udp.UdpProperties;


/**
 * Meters, health and info for every enabled endpoint. TCP endpoints are found as their
 * connection factories; the UDP endpoint as its receiver {@code udp.inbound}, its channels
 * {@code udp.requests} and {@code udp.replies}.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	/** The UDP receiver's bean name. */
	static final String UDP_RECEIVER = "udp.inbound";

	/** The RFC 868 UDP receiver's bean name. */
	static final String RFC868_UDP_RECEIVER = "rfc868.udp.inbound";

	@Bean
	PromtoolCleanMeters promtoolCleanMeters() {
		return new PromtoolCleanMeters();
	}

	/** Attaches each TCP endpoint's meters to its tracker when the registry binds, before any endpoint listens. */
	@Bean
	MeterBinder tcpEndpointMeters(ObjectProvider<EndpointServerConnectionFactory> factories, TimeProperties time) {
		String timeDialect = textDialect(time.format());
		return registry -> factories.orderedStream()
			.map(EndpointServerConnectionFactory::tracker)
			.forEach(tracker -> tracker
				.addObserver(new TcpEndpointMeters(registry, tracker, features(tracker.endpoint(), timeDialect))));
	}

	/** The dialect tag of a time text answer: {@code daytime} for RFC 867, {@code text} otherwise. */
	static String textDialect(TimeFormat format) {
		return (format == TimeFormat.DAYTIME) ? "daytime" : "text";
	}

	/** What each TCP endpoint answers with; an endpoint not listed here gets every meter. */
	static TcpEndpointMeters.Features features(String endpoint, String timeDialect) {
		return switch (endpoint) {
			case "line" -> new TcpEndpointMeters.Features(true, null, false);
			case "framed" -> new TcpEndpointMeters.Features(true, null, true);
			case "time" -> new TcpEndpointMeters.Features(false, timeDialect, false);
			case "rfc868" -> new TcpEndpointMeters.Features(false, "rfc868", false);
			default -> new TcpEndpointMeters.Features(true, timeDialect, true);
		};
	}

	static TcpEndpointMeters.Features features(String endpoint) {
		return features(endpoint, "text");
	}

	/** {@code /actuator/health/endpoints}, with one member per enabled endpoint; readiness includes it. */
	@Bean
	CompositeHealthContributor endpointsHealthContributor(ObjectProvider<EndpointServerConnectionFactory> factories,
			@Qualifier(UDP_RECEIVER) ObjectProvider<AbstractInternetProtocolReceivingChannelAdapter> udpReceiver,
			@Qualifier(RFC868_UDP_RECEIVER) ObjectProvider<AbstractInternetProtocolReceivingChannelAdapter> rfc868UdpReceiver) {
		Map<String, HealthContributor> members = new LinkedHashMap<>();
		factories.orderedStream()
			.forEach(factory -> members.put(factory.settings().endpoint(), new TcpEndpointHealthIndicator(factory)));
		udpReceiver.ifAvailable(receiver -> members.put(UdpEndpointMeters.ENDPOINT,
				new UdpEndpointHealthIndicator(receiver)));
		rfc868UdpReceiver.ifAvailable(receiver -> members.put("rfc868-udp", new UdpEndpointHealthIndicator(receiver)));
		return CompositeHealthContributor.fromMap(members);
	}

	@Bean
	EndpointInfoContributor endpointInfoContributor(ObjectProvider<EndpointServerConnectionFactory> factories,
			@Qualifier(UDP_RECEIVER) ObjectProvider<AbstractInternetProtocolReceivingChannelAdapter> udpReceiver,
			@Qualifier(RFC868_UDP_RECEIVER) ObjectProvider<AbstractInternetProtocolReceivingChannelAdapter> rfc868UdpReceiver,
			LineProperties line, FramedProperties framed, TimeProperties time, UdpProperties udp,
			Rfc868Properties rfc868) {
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
				case "rfc868" -> {
					settings.put("format", "rfc868");
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
				"udp", receiver::getPort, udp.bindAddress(), "datagram",
				Map.of("format", label(udp.format()), "ntp", true, "rateLimit", udp.rateLimit().enabled()))));
		rfc868UdpReceiver.ifAvailable(receiver -> entries.add(new EndpointInfoContributor.Entry("rfc868-udp", "udp",
				receiver::getPort, rfc868.bindAddress(), "datagram", Map.of("format", "rfc868"))));
		return new EndpointInfoContributor(entries);
	}

	/** {@code rfc3339-millis} for {@code RFC3339_MILLIS}: the value as it is written in application.yml. */
	private static String label(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The UDP time endpoints' meters, fed by their responders; the series of each enabled
	 * endpoint's dialects are there from startup.
	 */
	@Bean
	UdpEndpointMeters udpEndpointMeters(MeterRegistry registry, UdpProperties udp, Rfc868Properties rfc868) {
		Map<String, List<String>> dialects = new LinkedHashMap<>();
		if (udp.enabled()) {
			dialects.put(UdpEndpointMeters.ENDPOINT, List.of(textDialect(udp.format()), "ntp", "invalid"));
		}
		if (rfc868.enabled()) {
			dialects.put("rfc868", List.of("rfc868"));
		}
		return new UdpEndpointMeters(registry, dialects);
	}

}
