package org.ackgate.udp;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

import org.ackgate.time.TimeFormat;

/**
 * The UDP time endpoint (the UDP tutorial's "simple NTP server"): NTP requests get NTP replies, any
 * other datagram the time as text.
 * @param enabled whether the endpoint listens
 * @param port UDP port; 0 picks any free port; 123 (NTP's) needs privileges
 * @param bindAddress address to listen on; unset listens on every interface
 * @param format the text answer: {@code rfc3339} (the tutorial's), {@code rfc3339-millis}, {@code go} or {@code daytime} (RFC 867)
 * @param workers receiving threads, each with its own socket on the port ({@code SO_REUSEPORT}; one where the platform lacks it), each answering the datagrams it reads; 0 for one per available processor
 * @param queueCapacity datagrams that may wait for each receiver: sizes its socket's receive buffer ({@code SO_RCVBUF}) at 1 KiB a datagram, within the kernel's {@code net.core.rmem_max}; beyond it the kernel drops them, so a flood cannot grow the heap
 * @param ntp what NTP replies say about the server's clock
 * @param rateLimit per-source limits, shared with RFC 868 over UDP
 */
@ConfigurationProperties("ackgate.udp")
@Validated
public record UdpProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("8123") @Min(0) @Max(65535) int port,
		@Nullable String bindAddress,
		@DefaultValue("rfc3339") @NotNull TimeFormat format,
		@DefaultValue("0") @Min(0) @Max(256) int workers,
		@DefaultValue("1024") @Min(1) int queueCapacity,
		@DefaultValue @Valid Ntp ntp,
		@DefaultValue @Valid RateLimit rateLimit) {

	/** What a small datagram costs in a socket's receive buffer on Linux, bookkeeping included, rounded up. */
	static final int DATAGRAM_BUFFER_COST = 1024;

	/** The receiving threads {@link #workers} asks for. */
	public int receivers() {
		return (this.workers > 0) ? this.workers : Runtime.getRuntime().availableProcessors();
	}

	/** The receive buffer each receiver asks the kernel for, from {@link #queueCapacity}. */
	public int receiveBufferBytes() {
		return (int) Math.min(Integer.MAX_VALUE, this.queueCapacity * (long) DATAGRAM_BUFFER_COST);
	}

	/**
	 * What NTP replies say about the server's clock (RFC 5905 §7.3).
	 * @param synchronised {@code ackgate.udp.ntp.synchronized}: {@code false} sends leap indicator 3 ("clock not synchronised"), which makes clients ignore the server
	 * @param stratum 1 for a primary reference (a local clock trusted as such), 2–15 for a server that follows another
	 * @param referenceId up to four ASCII characters (stratum 1, for example {@code LOCL}) or an IPv4 address (stratum 2+); empty picks {@code LOCL} at stratum 1 and the local-clock address 127.127.1.0 above
	 * @param rootDelay round trip to the primary reference, as reported to clients
	 * @param rootDispersion error bound relative to the primary reference, as reported to clients
	 */
	public record Ntp(
			@Name("synchronized") @DefaultValue("true") boolean synchronised,
			@DefaultValue("2") @Min(1) @Max(15) int stratum,
			@DefaultValue("") @NotNull @Pattern(regexp = "|[\\x20-\\x7E]{1,4}|\\d{1,3}(\\.\\d{1,3}){3}") String referenceId,
			@DefaultValue("0s") @NotNull Duration rootDelay,
			@DefaultValue("10ms") @NotNull Duration rootDispersion) {
	}

	/**
	 * chrony's {@code ratelimit}, per source address: on average one answer per {@code 2^interval}
	 * seconds, bursts of up to {@code burst}; of the requests over the limit one in {@code 2^leak}
	 * is answered anyway (NTP with a Kiss-o'-Death {@code RATE}, text not at all).
	 * @param enabled whether sources are limited
	 * @param interval log2 of the mean seconds between answers (-1: two per second)
	 * @param burst answers allowed back to back
	 * @param leak log2 of the limited requests per leaked one (2: one in four)
	 * @param tableSize sources remembered at once; the least recently seen is forgotten first, so memory stays bounded
	 */
	public record RateLimit(
			@DefaultValue("true") boolean enabled,
			@DefaultValue("-1") @Min(-19) @Max(12) int interval,
			@DefaultValue("16") @Min(1) @Max(1000000) int burst,
			@DefaultValue("2") @Min(0) @Max(4) int leak,
			@DefaultValue("16384") @Min(1) @Max(10000000) int tableSize) {
	}

}
