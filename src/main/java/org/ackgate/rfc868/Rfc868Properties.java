package org.ackgate.rfc868;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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
 * RFC 868 time: on one port number, a TCP endpoint that writes the 32-bit seconds since 1900 on
 * connect and closes, and a UDP endpoint that answers any datagram with them. Off by default.
 * @param enabled whether both endpoints listen
 * @param port TCP and UDP port; the RFC's 37 needs privileges, 0 picks any free ports (TCP and UDP may then differ)
 * @param bindAddress address to listen on; unset listens on every interface
 * @param ssl TLS on the TCP endpoint, as for the other TCP endpoints (UDP stays plain)
 * @param allow source addresses the TCP endpoint serves (CIDR blocks or addresses); empty serves everyone
 * @param maxConnectionsPerSource TCP connections at once from one source address; 0 for no limit
 * @param proxyProtocol the PROXY protocol from a load balancer in front: {@code enabled} (false), {@code trusted} (the balancers\' CIDR blocks, required when enabled; others are closed at accept), {@code header-timeout} (3s); the header\'s client becomes the peer for the allow-list, limits, logs and the journal
 */
@ConfigurationProperties("ackgate.rfc868")
@Validated
public record Rfc868Properties(
		@DefaultValue("false") boolean enabled,
		@DefaultValue("37") @Min(0) @Max(65535) int port,
		@Nullable String bindAddress,
		@DefaultValue @Valid @NotNull @NestedConfigurationProperty TcpSslProperties ssl,
		@Nullable List<String> allow,
		@DefaultValue("0") @Min(0) int maxConnectionsPerSource,
		@DefaultValue @Valid @NotNull @NestedConfigurationProperty ProxyProtocolProperties proxyProtocol)
		implements TcpEndpointProperties {

	static final String ENDPOINT = "rfc868";

	public Rfc868Properties {
		allow = TcpEndpointProperties.checked(ENDPOINT, null, allow);
		proxyProtocol = TcpEndpointProperties.checked(ENDPOINT, proxyProtocol);
	}

	@Override
	public String endpoint() {
		return ENDPOINT;
	}

	/*
	 * The rest is fixed for a four-byte reply: what a client sends is only logged, in chunks of at
	 * most 1 KiB, and the timeouts and limits are those the other endpoints default to.
	 */

	@Override
	public Duration readTimeout() {
		return Duration.ofSeconds(30);
	}

	@Override
	public Duration messageTimeout() {
		return readTimeout();
	}

	@Override
	public Duration writeTimeout() {
		return Duration.ofSeconds(10);
	}

	@Override
	public Duration linger() {
		return Duration.ofSeconds(2);
	}

	@Override
	public DataSize maxMessageSize() {
		return DataSize.ofKilobytes(1);
	}

	@Override
	public int backlog() {
		// As the other TCP endpoints: room for a connect storm before SYNs wait for retransmits.
		return 4096;
	}

	@Override
	public int maxConnections() {
		return 10_000;
	}

}
