package org.ackgate.ntp;

import java.time.Duration;
import java.time.Instant;

/**
 * The 64-bit NTP timestamp: 32 bits of seconds since 1900-01-01 UTC, 32 bits of fraction. The
 * seconds wrap every 2^32 s (the first time on 2036-02-07T06:28:16Z); the era is not on the
 * wire, so decoding picks the era that puts the time nearest a pivot, as RFC 5905 §6 advises.
 * Fractions are exact: encoding truncates nanoseconds to the fraction below, and decoding
 * rounds up, so every {@code Instant} survives a round trip to the nanosecond.
 */
public final class NtpTimestamp {

	/** Seconds from the NTP prime epoch (1900) to the Unix epoch (1970). */
	public static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

	private static final long ERA_SECONDS = 1L << 32;

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private NtpTimestamp() {
	}

	public static long encode(Instant instant) {
		long seconds = instant.getEpochSecond() + SECONDS_1900_TO_1970;
		long fraction = ((long) instant.getNano() << 32) / NANOS_PER_SECOND;
		return (seconds << 32) | fraction;
	}

	/** The instant the timestamp stands for in the era that puts it nearest {@code pivot}. */
	public static Instant decode(long timestamp, Instant pivot) {
		long wireSeconds = timestamp >>> 32;
		long fraction = timestamp & 0xFFFF_FFFFL;
		long pivotSeconds = pivot.getEpochSecond() + SECONDS_1900_TO_1970;
		long era = Math.floorDiv(pivotSeconds, ERA_SECONDS);
		long best = Long.MAX_VALUE;
		long seconds = 0;
		for (long candidateEra = era - 1; candidateEra <= era + 1; candidateEra++) {
			long candidate = candidateEra * ERA_SECONDS + wireSeconds;
			long distance = Math.abs(candidate - pivotSeconds);
			if (distance < best) {
				best = distance;
				seconds = candidate;
			}
		}
		long nanos = (fraction * NANOS_PER_SECOND + ERA_SECONDS - 1) >>> 32;
		return Instant.ofEpochSecond(seconds - SECONDS_1900_TO_1970, nanos);
	}

	/** NTP's 32-bit short format (16.16 seconds), for root delay and dispersion; saturates. */
	public static int shortFormat(Duration duration) {
		if (duration.isNegative()) {
			return 0;
		}
		if (duration.getSeconds() >= 0x1_0000L) {
			return 0xFFFF_FFFF;
		}
		return (int) ((duration.getSeconds() << 16) | (((long) duration.getNano() << 16) / NANOS_PER_SECOND));
	}

}
