package org.ackgate.time;

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
 * The TCP time-on-connect endpoint (the tutorial's time servers: one closes after the time, one keeps the connection open).
 * @param enabled whether the endpoint listens
 * @param port TCP port; 0 picks any free port
 * @param bindAddress address to listen on; unset listens on every interface
 * @param readTimeout with keep-open, a connection silent for this long is closed
 * @param writeTimeout the time not taken by the peer within this time closes the connection
 * @param maxMessageSize largest chunk of client input read (and logged) at once
 * @param backlog accept queue length (the kernel caps it at {@code net.core.somaxconn}, 4096 on Linux 5.4 and later): connections the kernel completes before they are accepted; a connect storm beyond it waits for the client's SYN retransmit, a second or more
 * @param maxConnections connections served at once; further connections are closed at accept and counted
 * @param format {@code rfc3339}, {@code rfc3339-millis} or {@code go} (what the tutorial servers' {@code time.Now().String()} prints)
 * @param keepOpen keep the connection open after the time, logging what the client sends, until it closes or idles out (as the tutorial's keep-open time server does)
 * @param linger after the time was written and the output shut, how long to read the client's leftovers before closing, so a client whose request is still unread gets the time and a clean end of stream instead of a reset
 * @param ssl TLS on this endpoint: {@code bundle} names a Spring Boot SSL bundle, {@code client-auth} is {@code none}, {@code want} or {@code need}; unset serves plain TCP
 * @param allow source addresses served, as CIDR blocks or addresses (IPv4 and IPv6); others are closed at accept and counted; empty serves everyone
 * @param maxConnectionsPerSource connections served at once from one source address, further ones closed at accept and counted; 0 for no limit (the default: behind a load balancer or NAT many clients share one address)
 * @param proxyProtocol the PROXY protocol from a load balancer in front: {@code enabled} (false), {@code trusted} (the balancers\' CIDR blocks, required when enabled; others are closed at accept), {@code header-timeout} (3s); the header\'s client becomes the peer for the allow-list, limits, logs and the journal
 */
@ConfigurationProperties("ackgate.time")
@Validated
public record TimeProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("8330") @Min(0) @Max(65535) int port,
		@Nullable String bindAddress,
		@DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration readTimeout,
		@DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration writeTimeout,
		@DefaultValue("64KB") @NotNull DataSize maxMessageSize,
		@DefaultValue("4096") @Min(1) @Max(65535) int backlog,
		@DefaultValue("10000") @Min(1) int maxConnections,
		@DefaultValue("rfc3339") @NotNull TimeFormat format,
		@DefaultValue("false") boolean keepOpen,
		@DefaultValue("2s") @NotNull @DurationMin(millis = 1) Duration linger,
		@DefaultValue @Valid @NotNull @NestedConfigurationProperty TcpSslProperties ssl,
		@Nullable List<String> allow,
		@DefaultValue("0") @Min(0) int maxConnectionsPerSource,
		@DefaultValue @Valid @NotNull @NestedConfigurationProperty ProxyProtocolProperties proxyProtocol)
		implements TcpEndpointProperties {

	static final String ENDPOINT = "time";

	public TimeProperties {
		allow = TcpEndpointProperties.checked(ENDPOINT, maxMessageSize, allow);
		proxyProtocol = TcpEndpointProperties.checked(ENDPOINT, proxyProtocol);
	}

	@Override
	public String endpoint() {
		return ENDPOINT;
	}

	/** The time endpoint reads only what clients send unasked, so a message is bounded by the read timeout. */
	@Override
	public Duration messageTimeout() {
		return this.readTimeout;
	}

}
