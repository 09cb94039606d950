package org.ackgate.line;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import org.ackgate.tcp.TcpServerSettings;

/**
 * The line-ack endpoint (seed 001's server).
 * @param enabled whether the endpoint listens
 * @param port TCP port; 0 picks any free port
 * @param bindAddress address to listen on; unset listens on every interface
 * @param readTimeout a connection silent for this long is closed (the seed's 30 s read deadline)
 * @param messageTimeout a message must arrive whole within this time from its first byte, or the connection is closed (a guard against peers trickling bytes to hold connections open)
 * @param writeTimeout an ack not taken by the peer within this time closes the connection (the seed's 10 s write deadline)
 * @param maxMessageSize longest line accepted, LF excluded; a longer line closes the connection
 * @param backlog accept queue length, well above Spring Integration's 5 so bursts of connects are not refused
 * @param maxConnections connections served at once; further connections are closed at accept and counted
 * @param ackPrefix text written before the echoed line
 */
@ConfigurationProperties("ackgate.line")
@Validated
public record LineProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("8080") @Min(0) @Max(65535) int port,
		@Nullable String bindAddress,
		@DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration readTimeout,
		@DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration messageTimeout,
		@DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration writeTimeout,
		@DefaultValue("64KB") @NotNull DataSize maxMessageSize,
		@DefaultValue("1024") @Min(1) @Max(65535) int backlog,
		@DefaultValue("10000") @Min(1) int maxConnections,
		@DefaultValue("已接收: ") @NotNull String ackPrefix) {

	public LineProperties {
		TcpServerSettings.checkMessageSize("ackgate.line.max-message-size", maxMessageSize);
	}

	TcpServerSettings server() {
		return new TcpServerSettings("line", this.port, this.bindAddress, this.readTimeout, this.writeTimeout,
				(int) this.maxMessageSize.toBytes(), this.backlog, this.maxConnections, Duration.ZERO,
				this.messageTimeout);
	}

}
