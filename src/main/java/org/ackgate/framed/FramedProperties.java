package org.ackgate.framed;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import org.ackgate.tcp.ProxyProtocolProperties;
import org.ackgate.tcp.TcpEndpointProperties;
import org.ackgate.tcp.TcpSslProperties;

/**
 * The framed-ack endpoint (the tutorial's framed server, {@code Headers} protocol).
 * @param enabled whether the endpoint listens
 * @param port TCP port; 0 picks any free port
 * @param bindAddress address to listen on; unset listens on every interface
 * @param readTimeout a connection silent for this long is closed
 * @param messageTimeout a message must arrive whole within this time from its first byte, or the connection is closed (a guard against peers trickling bytes to hold connections open)
 * @param writeTimeout an ack not taken by the peer within this time closes the connection
 * @param maxMessageSize largest payload accepted; a frame claiming more closes the connection before anything is allocated
 * @param backlog accept queue length (the kernel caps it at {@code net.core.somaxconn}, 4096 on Linux 5.4 and later): connections the kernel completes before they are accepted; a connect storm beyond it waits for the client's SYN retransmit, a second or more
 * @param maxConnections connections served at once; further connections are closed at accept and counted
 * @param ackText the ack written for every frame
 * @param ackFraming {@code raw} writes the ack text alone (as the tutorial's framed server does), {@code headers} frames it
 * @param ssl TLS on this endpoint: {@code bundle} names a Spring Boot SSL bundle, {@code client-auth} is {@code none}, {@code want} or {@code need}; unset serves plain TCP
 * @param allow source addresses served, as CIDR blocks or addresses (IPv4 and IPv6); others are closed at accept and counted; empty serves everyone
 * @param maxConnectionsPerSource connections served at once from one source address, further ones closed at accept and counted; 0 for no limit (the default: behind a load balancer or NAT many clients share one address)
 * @param proxyProtocol the PROXY protocol from a load balancer in front: {@code enabled} (false), {@code trusted} (the balancers\' CIDR blocks, required when enabled; others are closed at accept), {@code header-timeout} (3s); the header\'s client becomes the peer for the allow-list, limits, logs and the journal
 * @param maxConnectionAge a connection open this long is closed after its next ack (reason {@code age}), so clients spread over the replicas again after a scale-out; 0 (the default) never: the tutorials\' clients do not reconnect
 * @param maxConnectionAgeJitter how far each connection\'s age limit is spread, in percent either way, so connections made together do not close together
 */
@ConfigurationProperties("ackgate.framed")
@Validated
public record FramedProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("7373") @Min(0) @Max(65535) int port,
		@Nullable String bindAddress,
		@DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration readTimeout,
		@DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration messageTimeout,
		@DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration writeTimeout,
		@DefaultValue("64KB") @NotNull DataSize maxMessageSize,
		@DefaultValue("4096") @Min(1) @Max(65535) int backlog,
		@DefaultValue("10000") @Min(1) int maxConnections,
		@DefaultValue("我收到了") @NotNull String ackText,
		@DefaultValue("raw") @NotNull AckFraming ackFraming,
		@DefaultValue @Valid @NotNull @NestedConfigurationProperty TcpSslProperties ssl,
		@Nullable List<String> allow,
		@DefaultValue("0") @Min(0) int maxConnectionsPerSource,
		@DefaultValue @Valid @NotNull @NestedConfigurationProperty ProxyProtocolProperties proxyProtocol,
		@DefaultValue("0s") @NotNull @DurationMin(millis = 0) Duration maxConnectionAge,
		@DefaultValue("10") @Min(0) @Max(100) int maxConnectionAgeJitter)
		implements TcpEndpointProperties {

	static final String ENDPOINT = "framed";

	public FramedProperties {
		allow = TcpEndpointProperties.checked(ENDPOINT, maxMessageSize, allow);
		proxyProtocol = TcpEndpointProperties.checked(ENDPOINT, proxyProtocol);
	}

	@Override
	public String endpoint() {
		return ENDPOINT;
	}

}
