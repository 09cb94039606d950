package org.ackgate.time;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeTextTests {

	private static final Instant INSTANT = Instant.parse("2024-07-19T09:37:05.120500Z");

	private static String format(TimeFormat format, ZoneId zone) {
		return new String(new TimeText(Clock.fixed(INSTANT, zone), format).now(), StandardCharsets.UTF_8);
	}

	@Test
	void rfc3339AsGoPrintsIt() {
		assertThat(format(TimeFormat.RFC3339, ZoneId.of("America/Los_Angeles"))).isEqualTo("2024-07-19T02:37:05-07:00");
		assertThat(format(TimeFormat.RFC3339, ZoneOffset.UTC)).isEqualTo("2024-07-19T09:37:05Z");
		assertThat(format(TimeFormat.RFC3339, ZoneId.of("Asia/Shanghai"))).isEqualTo("2024-07-19T17:37:05+08:00");
	}

	@Test
	void rfc3339WithMilliseconds() {
		assertThat(format(TimeFormat.RFC3339_MILLIS, ZoneOffset.UTC)).isEqualTo("2024-07-19T09:37:05.120Z");
	}

	@Test
	void goStringFormatTrimsTheFractionAndNamesTheZone() {
		assertThat(format(TimeFormat.GO, ZoneId.of("Asia/Shanghai")))
			.isEqualTo("2024-07-19 17:37:05.1205 +0800 CST m=+0.000000000");
		assertThat(format(TimeFormat.GO, ZoneOffset.UTC)).isEqualTo("2024-07-19 09:37:05.1205 +0000 UTC m=+0.000000000");
		assertThat(format(TimeFormat.GO, ZoneOffset.ofHours(-3))).startsWith("2024-07-19 06:37:05.1205 -0300 -0300 m=");
		assertThat(format(TimeFormat.GO, ZoneId.of("America/Los_Angeles"))).startsWith("2024-07-19 02:37:05.1205 -0700 PDT m=");
	}

	@Test
	void daytimeAsRfc867SuggestsEndingInCrLf() {
		assertThat(format(TimeFormat.DAYTIME, ZoneId.of("America/Los_Angeles")))
			.isEqualTo("Friday, July 19, 2024 02:37:05-PDT\r\n");
		assertThat(format(TimeFormat.DAYTIME, ZoneOffset.UTC)).isEqualTo("Friday, July 19, 2024 09:37:05-UTC\r\n");
	}

	@Test
	void goStringFormatCountsMonotonicSecondsFromStartAndOmitsAZeroFraction() {
		MutableClock clock = new MutableClock(Instant.parse("2024-07-19T09:37:05Z"));
		TimeText text = new TimeText(clock, TimeFormat.GO);
		clock.advance(Duration.ofMillis(1500).plusNanos(7));
		assertThat(now(text))
			.isEqualTo("2024-07-19 09:37:06.500000007 +0000 UTC m=+1.500000007");
		clock.advance(Duration.ofNanos(499_999_993));
		assertThat(now(text)).isEqualTo("2024-07-19 09:37:07 +0000 UTC m=+2.000000000");
	}

	private static String now(TimeText text) {
		return new String(text.now(), StandardCharsets.UTF_8);
	}

	@Test
	void aFormatThatStopsAtTheSecondChangesExactlyWhenTheSecondDoes() {
		SecondTexts texts = new SecondTexts(new MutableClock(Instant.parse("2024-07-19T09:37:05.000Z")));
		texts.at("2024-07-19T09:37:05.000Z", "2024-07-19T09:37:05Z", "Friday, July 19, 2024 09:37:05-UTC\r\n");
		texts.at("2024-07-19T09:37:05.999999999Z", "2024-07-19T09:37:05Z", "Friday, July 19, 2024 09:37:05-UTC\r\n");
		texts.at("2024-07-19T09:37:06Z", "2024-07-19T09:37:06Z", "Friday, July 19, 2024 09:37:06-UTC\r\n");
		// a wall clock stepped back (NTP, an operator) gives the earlier second again, not the cached one
		texts.at("2024-07-19T09:37:04.5Z", "2024-07-19T09:37:04Z", "Friday, July 19, 2024 09:37:04-UTC\r\n");
	}

	@Test
	void theSameSecondFormattedOnceFollowsTheZonesRulesAcrossAChangeOfOffset() {
		// Los Angeles leaves daylight saving time at 09:00:00 UTC on 2024-11-03: 01:59:59 PDT, then 01:00:00 PST
		SecondTexts texts = new SecondTexts(
				new MutableClock(Instant.parse("2024-11-03T08:59:59.5Z"), ZoneId.of("America/Los_Angeles")));
		texts.at("2024-11-03T08:59:59.5Z", "2024-11-03T01:59:59-07:00", "Sunday, November 3, 2024 01:59:59-PDT\r\n");
		texts.at("2024-11-03T09:00:00Z", "2024-11-03T01:00:00-08:00", "Sunday, November 3, 2024 01:00:00-PST\r\n");
	}

	/** The two formats that stop at the second, on one clock, asked in turn. */
	private record SecondTexts(MutableClock clock, TimeText rfc3339, TimeText daytime) {

		SecondTexts(MutableClock clock) {
			this(clock, new TimeText(clock, TimeFormat.RFC3339), new TimeText(clock, TimeFormat.DAYTIME));
		}

		void at(String instant, String rfc3339Text, String daytimeText) {
			this.clock.set(Instant.parse(instant));
			assertThat(now(this.rfc3339)).isEqualTo(rfc3339Text);
			assertThat(now(this.daytime)).isEqualTo(daytimeText);
		}

	}

	@Test
	void eachCallGetsAnArrayOfItsOwn() {
		TimeText text = new TimeText(Clock.fixed(INSTANT, ZoneOffset.UTC), TimeFormat.RFC3339);
		byte[] first = text.now();
		first[0] = 'X';
		assertThat(now(text)).isEqualTo("2024-07-19T09:37:05Z");
	}

	@Test
	void formatsFinerThanTheSecondAreFormattedEveryTime() {
		MutableClock clock = new MutableClock(Instant.parse("2024-07-19T09:37:05.120Z"));
		TimeText millis = new TimeText(clock, TimeFormat.RFC3339_MILLIS);
		assertThat(now(millis)).isEqualTo("2024-07-19T09:37:05.120Z");
		clock.set(Instant.parse("2024-07-19T09:37:05.121Z"));
		assertThat(now(millis)).isEqualTo("2024-07-19T09:37:05.121Z");
	}

	private static final class MutableClock extends Clock {

		private Instant now;

		private final ZoneId zone;

		MutableClock(Instant now) {
			this(now, ZoneOffset.UTC);
		}

		MutableClock(Instant now, ZoneId zone) {
			this.now = now;
			this.zone = zone;
		}

		void set(Instant instant) {
			this.now = instant;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return this.zone;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
