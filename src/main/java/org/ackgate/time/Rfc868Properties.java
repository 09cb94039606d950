package org.ackgate.time;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import org.ackgate.tcp.TcpServerSettings;

/**
 * RFC 868 time: on one port number, a TCP endpoint that writes the 32-bit seconds since 1900 on
 * connect and closes, and a UDP endpoint that answers any datagram with them. Off by default.
 * @param enabled whether both endpoints listen
 * @param port TCP and UDP port; the RFC's 37 needs privileges, 0 picks any free ports (TCP and UDP may then differ)
 * @param bindAddress address to listen on; unset listens on every interface
 */
@ConfigurationProperties("ackgate.rfc868")
@Validated
public record Rfc868Properties(
		@DefaultValue("false") boolean enabled,
		@DefaultValue("37") @Min(0) @Max(65535) int port,
		@Nullable String bindAddress) {

	/** Fixed for a four-byte reply: what a client sends is only logged, in chunks of at most 1 KiB. */
	TcpServerSettings server() {
		return new TcpServerSettings("rfc868", this.port, this.bindAddress, Duration.ofSeconds(30),
				Duration.ofSeconds(10), (int) DataSize.ofKilobytes(1).toBytes(), 1024, 10_000, Duration.ofSeconds(2),
				Duration.ofSeconds(30));
	}

}
