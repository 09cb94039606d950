package org.ackgate.relay;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import org.ackgate.net.AddressText;

/**
 * Forwarding accepted messages to an upstream server (docs/journal.md).
 * @param enabled forward every accepted message to the upstream
 * @param host the upstream's host name or address; required when enabled
 * @param port the upstream's TCP port
 * @param protocol {@code line} (a line-ack server, as in the tutorials) or {@code framed} (a {@code Headers} framed-ack server, which gets the {@code ok} receipt after each ack)
 * @param ackMode {@code upstream}: ack only once the upstream acked; {@code local}: ack once journaled,
 * forward from the journal afterwards (needs ackgate.journal.enabled)
 * @param poolSize connections to the upstream at most (messages in flight at once)
 * @param connectTimeout bound on connecting to the upstream (whole seconds, at least 1)
 * @param replyTimeout bound on waiting for the upstream's ack
 * @param probeInterval a connect to the upstream whenever no exchange happened for this long, so
 * that readiness ({@code upstream} mode) goes DOWN and back UP with no traffic
 * @param ackPrefix {@code line}: the upstream's ack is this, the line and LF
 * @param ackText {@code framed}: the upstream's ack, raw
 * @param retry {@code local}: how forwarding is retried while the upstream fails
 */
@ConfigurationProperties("ackgate.relay")
@Validated
public record RelayProperties(
		@DefaultValue("false") boolean enabled,
		@DefaultValue("") @NotNull String host,
		@DefaultValue("8080") @Min(1) @Max(65535) int port,
		@DefaultValue("line") @NotNull RelayProtocol protocol,
		@DefaultValue("upstream") @NotNull AckMode ackMode,
		@DefaultValue("4") @Min(1) @Max(1024) int poolSize,
		@DefaultValue("5s") @NotNull @DurationMin(seconds = 1) Duration connectTimeout,
		@DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration replyTimeout,
		@DefaultValue("5s") @NotNull @DurationMin(millis = 200) Duration probeInterval,
		@DefaultValue("已接收: ") @NotNull String ackPrefix,
		@DefaultValue("我收到了") @NotEmpty String ackText,
		@DefaultValue @NotNull @Valid Retry retry) {

	public RelayProperties {
		if (enabled && (host == null || host.isBlank())) {
			throw new IllegalArgumentException("ackgate.relay.host must be set when ackgate.relay.enabled is true");
		}
		if (retry != null && retry.initialBackoff() != null && retry.maxBackoff() != null
				&& retry.maxBackoff().compareTo(retry.initialBackoff()) < 0) {
			throw new IllegalArgumentException("ackgate.relay.retry.max-backoff (" + retry.maxBackoff()
					+ ") must not be shorter than ackgate.relay.retry.initial-backoff (" + retry.initialBackoff() + ")");
		}
	}

	/**
	 * Retries of the {@code local} mode's forwarder: the same record again after a pause that
	 * doubles from {@code initial-backoff} up to {@code max-backoff}, for as long as it takes.
	 * @param initialBackoff the pause after the first failure
	 * @param maxBackoff the longest pause
	 */
	public record Retry(
			@DefaultValue("100ms") @NotNull @DurationMin(millis = 1) Duration initialBackoff,
			@DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration maxBackoff) {
	}

	String upstream() {
		return AddressText.hostAndPort(this.host, this.port);
	}

}
