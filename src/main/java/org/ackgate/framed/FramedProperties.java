package org.ackgate.framed;

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
 * The framed-ack endpoint (seed 004's server, {@code Headers} protocol).
 * @param enabled whether the endpoint listens
 * @param port TCP port; 0 picks any free port
 * @param bindAddress address to listen on; unset listens on every interface
 * @param readTimeout a connection silent for this long is closed
 * @param messageTimeout a message must arrive whole within this time from its first byte, or the connection is closed (a guard against peers trickling bytes to hold connections open)
 * @param writeTimeout an ack not taken by the peer within this time closes the connection
 * @param maxMessageSize largest payload accepted; a frame claiming more closes the connection before anything is allocated
 * @param backlog accept queue length, well above Spring Integration's 5 so bursts of connects are not refused
 * @param maxConnections connections served at once; further connections are closed at accept and counted
 * @param ackText the ack written for every frame
 * @param ackFraming {@code raw} writes the ack text alone (the seed), {@code headers} frames it
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
		@DefaultValue("1024") @Min(1) @Max(65535) int backlog,
		@DefaultValue("10000") @Min(1) int maxConnections,
		@DefaultValue("我收到了") @NotNull String ackText,
		@DefaultValue("raw") @NotNull AckFraming ackFraming) {

	public FramedProperties {
		TcpServerSettings.checkMessageSize("ackgate.framed.max-message-size", maxMessageSize);
	}

	TcpServerSettings server() {
		return new TcpServerSettings("framed", this.port, this.bindAddress, this.readTimeout, this.writeTimeout,
				(int) this.maxMessageSize.toBytes(), this.backlog, this.maxConnections, Duration.ZERO,
				this.messageTimeout);
	}

}
