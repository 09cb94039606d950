package org.ackgate.time;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The UDP time endpoint (seed 001's "simple NTP server"): any datagram is answered with the time.
 * @param enabled whether the endpoint listens
 * @param port UDP port; 0 picks any free port
 * @param bindAddress address to listen on; unset listens on every interface
 * @param format {@code rfc3339} (the seed), {@code rfc3339-millis} or {@code go}
 * @param workers threads that answer datagrams; the receiving thread never answers itself
 * @param queueCapacity datagrams waiting for a worker; when full, further datagrams are dropped and counted, so a flood cannot grow the heap
 */
@ConfigurationProperties("ackgate.udp")
@Validated
public record UdpProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("8123") @Min(0) @Max(65535) int port,
		@Nullable String bindAddress,
		@DefaultValue("rfc3339") @NotNull TimeFormat format,
		@DefaultValue("2") @Min(1) @Max(256) int workers,
		@DefaultValue("1024") @Min(1) int queueCapacity) {
}
