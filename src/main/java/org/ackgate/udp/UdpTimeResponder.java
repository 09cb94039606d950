package org.ackgate.udp;

import java.net.InetAddress;
import java.time.Instant;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.ackgate.ntp.NtpRequestKind;
import org.ackgate.ntp.NtpResponder;

/**
 * Answers one datagram on a UDP time endpoint: tells its dialect, applies the source's rate
 * limit, and builds the reply — an NTP server packet for an NTP request, the time in the
 * configured format for anything else, nothing for NTP-shaped datagrams that are not client
 * requests (control, monlist, other modes, malformed). Requests are logged at DEBUG only: the
 * tutorial's server prints each one, which at load costs more than the answer.
 */
public final class UdpTimeResponder {

	private static final Logger log = LoggerFactory.getLogger(UdpTimeResponder.class);

	private final String endpoint;

	private final String textDialect;

	private final Function<Instant, byte[]> text;

	private final @Nullable NtpResponder ntp;

	private final @Nullable SourceRateLimiter limiter;

	private final UdpTimeEvents events;

	/**
	 * @param textDialect the dialect name of the text answer ({@code text}, {@code daytime}, {@code rfc868})
	 * @param text the answer to a non-NTP datagram, for the time it was received
	 * @param ntp the NTP responder, or {@code null} when this endpoint does not speak NTP
	 * @param limiter the per-source limiter, or {@code null} for no limit
	 */
	public UdpTimeResponder(String endpoint, String textDialect, Function<Instant, byte[]> text,
			@Nullable NtpResponder ntp, @Nullable SourceRateLimiter limiter, UdpTimeEvents events) {
		this.endpoint = endpoint;
		this.textDialect = textDialect;
		this.text = text;
		this.ntp = ntp;
		this.limiter = limiter;
		this.events = events;
	}

	/** @return the reply, or {@code null} when the datagram gets none */
	public byte @Nullable [] reply(byte[] request, InetAddress source, Instant received) {
		NtpRequestKind kind = (this.ntp != null) ? NtpRequestKind.of(request) : NtpRequestKind.TEXT;
		String dialect = switch (kind) {
			case CLIENT -> "ntp";
			case INVALID -> "invalid";
			case TEXT -> this.textDialect;
		};
		this.events.request(this.endpoint, dialect, request.length);
		if (log.isDebugEnabled()) {
			// guarded: unguarded, building the arguments (an array, the boxed length) was about 1 % of a reply at load
			log.debug("{} {} request of {} bytes from {}", this.endpoint, dialect, request.length, source);
		}
		if (kind == NtpRequestKind.INVALID) {
			return null;
		}
		SourceRateLimiter.Decision decision = (this.limiter != null) ? this.limiter.check(source)
				: SourceRateLimiter.Decision.ALLOW;
		if (decision != SourceRateLimiter.Decision.ALLOW) {
			this.events.rateLimited(this.endpoint, dialect);
			if (decision == SourceRateLimiter.Decision.LEAK && kind == NtpRequestKind.CLIENT) {
				return replied(dialect, this.ntp.kissOfDeath(request, "RATE", received));
			}
			return null;
		}
		return replied(dialect, (kind == NtpRequestKind.CLIENT) ? this.ntp.reply(request, received)
				: this.text.apply(received));
	}

	private byte[] replied(String dialect, byte[] reply) {
		this.events.replied(this.endpoint, dialect, reply.length);
		return reply;
	}

}
