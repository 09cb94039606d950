package org.ackgate.observability;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.udp.inbound.AbstractInternetProtocolReceivingChannelAdapter;

import org.ackgate.tcp.EndpointServerConnectionFactory;

/**
 * What one endpoint tells observability about itself: each feature publishes one as a bean, and
 * meters, health and info iterate over them, so a new endpoint needs no edit here.
 * @param name the endpoint's name in {@code /actuator/health/endpoints} and {@code /actuator/info}
 * @param framing how its messages are delimited, as {@code /actuator/info} shows it
 * @param info further settings worth seeing at a glance in {@code /actuator/info} (formats, ack framing)
 * @param transport where it listens, and which meters it has
 */
public record EndpointDescriptor(String name, String framing, Map<String, Object> info, Transport transport) {

	/** Where an endpoint listens: TCP or UDP. */
	public sealed interface Transport permits Tcp, Udp {
	}

	/**
	 * A TCP endpoint.
	 * @param factory the endpoint's connection factory; its settings name the endpoint in metric tags
	 * @param meters which meters it has besides those of connections and bytes
	 */
	public record Tcp(EndpointServerConnectionFactory factory, TcpMeters meters) implements Transport {
	}

	/**
	 * What a TCP endpoint does besides connections and bytes, so only meaningful series exist.
	 * @param acks it answers each message with an ack (acks sent, ack latency)
	 * @param timeDialect the dialect of the time it writes unasked ({@code text}, {@code daytime},
	 * {@code rfc868}), or {@code null} when it writes none
	 * @param headersFraming its codec consumes receipts and skips garbage (receipts, skipped bytes)
	 */
	public record TcpMeters(boolean acks, @Nullable String timeDialect, boolean headersFraming) {
	}

	/**
	 * A UDP endpoint.
	 * @param receiver its receiving adapter
	 * @param bindAddress the configured address, {@code null} for every interface
	 * @param meterEndpoint its {@code endpoint} tag in the UDP meters
	 * @param dialects the dialects it answers, whose series exist from startup
	 */
	public record Udp(AbstractInternetProtocolReceivingChannelAdapter receiver, @Nullable String bindAddress,
			String meterEndpoint, List<String> dialects) implements Transport {
	}

	/** A TCP endpoint, named as its connection factory's settings name it. */
	public static EndpointDescriptor tcp(EndpointServerConnectionFactory factory, String framing,
			Map<String, Object> info, boolean acks, @Nullable String timeDialect, boolean headersFraming) {
		return new EndpointDescriptor(factory.settings().endpoint(), framing, info,
				new Tcp(factory, new TcpMeters(acks, timeDialect, headersFraming)));
	}

	/** {@code rfc3339-millis} for {@code RFC3339_MILLIS}: the value as it is written in application.yml. */
	public static String label(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
