package org.ackgate.time;

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
 * The TCP time-on-connect endpoint (seeds 000 and 002).
 * @param enabled whether the endpoint listens
 * @param port TCP port; 0 picks any free port
 * @param bindAddress address to listen on; unset listens on every interface
 * @param readTimeout with keep-open, a connection silent for this long is closed
 * @param writeTimeout the time not taken by the peer within this time closes the connection
 * @param maxMessageSize largest chunk of client input read (and logged) at once
 * @param backlog accept queue length, well above Spring Integration's 5 so bursts of connects are not refused
 * @param maxConnections connections served at once; further connections are closed at accept and counted
 * @param format {@code rfc3339}, {@code rfc3339-millis} or {@code go} (what the seeds' {@code time.Now().String()} prints)
 * @param keepOpen keep the connection open after the time, logging what the client sends, until it closes or idles out (seed 002)
 * @param linger after the time was written and the output shut, how long to read the client's leftovers before closing, so a client whose request is still unread gets the time and a clean end of stream instead of a reset
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
		@DefaultValue("1024") @Min(1) @Max(65535) int backlog,
		@DefaultValue("10000") @Min(1) int maxConnections,
		@DefaultValue("rfc3339") @NotNull TimeFormat format,
		@DefaultValue("false") boolean keepOpen,
		@DefaultValue("2s") @NotNull @DurationMin(millis = 1) Duration linger) {

	public TimeProperties {
		TcpServerSettings.checkMessageSize("ackgate.time.max-message-size", maxMessageSize);
	}

	TcpServerSettings server() {
		return new TcpServerSettings("time", this.port, this.bindAddress, this.readTimeout, this.writeTimeout,
				(int) this.maxMessageSize.toBytes(), this.backlog, this.maxConnections, this.linger,
				this.readTimeout);
	}

}
