package org.ackgate.ntp;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NtpTimestampTests {

	@Test
	void theUnixEpochIsSecond2208988800() {
		assertThat(NtpTimestamp.encode(Instant.EPOCH)).isEqualTo(2_208_988_800L << 32);
	}

	@Test
	void fractionsAreExactToTheNanosecond() {
		assertThat(NtpTimestamp.encode(Instant.ofEpochSecond(0, 500_000_000)) & 0xFFFF_FFFFL).isEqualTo(0x8000_0000L);
		for (int nanos : new int[] { 0, 1, 2, 999, 123_456_789, 999_999_999 }) {
			Instant instant = Instant.parse("2026-11-22T06:00:00Z").plusNanos(nanos);
			assertThat(NtpTimestamp.decode(NtpTimestamp.encode(instant), instant)).isEqualTo(instant);
		}
	}

	@Test
	void era1StartsAt20360207T062816ZAndWrapsTheSecondsToZero() {
		Instant rollover = Instant.parse("2036-02-07T06:28:16Z");
		assertThat(NtpTimestamp.encode(rollover) >>> 32).isZero();
		assertThat(NtpTimestamp.encode(rollover.minusSeconds(1)) >>> 32).isEqualTo(0xFFFF_FFFFL);
		assertThat(NtpTimestamp.decode(NtpTimestamp.encode(rollover.plusSeconds(5)), rollover))
			.isEqualTo(rollover.plusSeconds(5));
		assertThat(NtpTimestamp.decode(NtpTimestamp.encode(rollover.minusSeconds(5)), rollover.plusSeconds(10)))
			.isEqualTo(rollover.minusSeconds(5));
		Instant farAfter = Instant.parse("2090-01-01T00:00:00Z");
		assertThat(NtpTimestamp.decode(NtpTimestamp.encode(farAfter), farAfter)).isEqualTo(farAfter);
	}

	@Test
	void shortFormatIsSixteenDotSixteenSeconds() {
		assertThat(NtpTimestamp.shortFormat(Duration.ofSeconds(1))).isEqualTo(0x0001_0000);
		assertThat(NtpTimestamp.shortFormat(Duration.ofMillis(500))).isEqualTo(0x0000_8000);
		assertThat(NtpTimestamp.shortFormat(Duration.ofDays(2))).isEqualTo(0xFFFF_FFFF);
	}

	/** A timestamp just past the 2036 wrap, read shortly before it, belongs to the next era. */
	@Test
	void aTimestampJustPastTheWrapIsReadInTheNextEra() {
		Instant pivot = Instant.parse("2036-02-07T06:28:00Z");
		assertThat(NtpTimestamp.decode(10L << 32, pivot)).isEqualTo(Instant.parse("2036-02-07T06:28:26Z"));
		assertThat(NtpTimestamp.decode(NtpTimestamp.encode(pivot), Instant.parse("2036-02-07T06:29:00Z")))
			.isEqualTo(pivot);
	}

	/** Exactly half an era from both candidates, the earlier era wins. */
	@Test
	void aTieBetweenTwoErasGoesToTheEarlierOne() {
		Instant halfAnEraAfter1900 = Instant.parse("1900-01-01T00:00:00Z").plusSeconds(1L << 31);
		assertThat(NtpTimestamp.decode(0L, halfAnEraAfter1900)).isEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
	}

	/** 16.16 seconds hold less than 65,536 s: from there on the field saturates. */
	@Test
	void shortFormatSaturatesFrom65536Seconds() {
		assertThat(NtpTimestamp.shortFormat(Duration.ofSeconds(65_535))).isEqualTo(0xFFFF_0000);
		assertThat(NtpTimestamp.shortFormat(Duration.ofSeconds(65_536))).isEqualTo(0xFFFF_FFFF);
		assertThat(NtpTimestamp.shortFormat(Duration.ofSeconds(1_000_000))).isEqualTo(0xFFFF_FFFF);
		assertThat(NtpTimestamp.shortFormat(Duration.ofMillis(-1))).isZero();
	}

}
