package org.ackgate.time;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The current time as the time endpoints write it, in the clock's zone. Go's format carries a
 * monotonic reading ({@code m=+seconds}) that here counts from when this object was made.
 * <p>
 * The formats that stop at the second ({@code rfc3339}, {@code daytime}) are formatted once per
 * second and the bytes reused until the clock moves to another second: at load the UDP endpoint
 * answers tens of thousands of datagrams a second with the same text, and formatting each one was
 * 3 % of the receiving threads' profile (docs/performance.md). Zones change their offsets only at
 * whole seconds, so the second alone decides the text.
 */
public final class TimeText {

	private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX",
			Locale.ROOT);

	private static final DateTimeFormatter RFC3339_MILLIS = DateTimeFormatter
		.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

	private static final DateTimeFormatter GO_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss",
			Locale.ROOT);

	private static final DateTimeFormatter GO_OFFSET = DateTimeFormatter.ofPattern("xx", Locale.ROOT);

	private static final DateTimeFormatter DAYTIME = DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy HH:mm:ss",
			Locale.US);

	private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz", Locale.US);

	private static final DateTimeFormatter GO_NUMERIC_ZONE = DateTimeFormatter.ofPattern("x", Locale.ROOT);

	private final Clock clock;

	private final TimeFormat format;

	private final Instant start;

	private final boolean wholeSeconds;

	/** The last second formatted, for {@link #wholeSeconds} formats; replaced whole, so read without a lock. */
	private volatile @Nullable Formatted last;

	public TimeText(Clock clock, TimeFormat format) {
		this.clock = clock;
		this.format = format;
		this.start = clock.instant();
		this.wholeSeconds = (format == TimeFormat.RFC3339) || (format == TimeFormat.DAYTIME);
	}

	private record Formatted(long epochSecond, byte[] text) {
	}

	/** The time now, as UTF-8 bytes with no terminator (the tutorial servers write none); a new array each call. */
	public byte[] now() {
		Instant now = this.clock.instant();
		if (!this.wholeSeconds) {
			return format(now).getBytes(StandardCharsets.UTF_8);
		}
		Formatted cached = this.last;
		if (cached == null || cached.epochSecond() != now.getEpochSecond()) {
			cached = new Formatted(now.getEpochSecond(), format(now).getBytes(StandardCharsets.UTF_8));
			this.last = cached;
		}
		return cached.text().clone();
	}

	String format(Instant instant) {
		ZonedDateTime time = instant.atZone(this.clock.getZone());
		return switch (this.format) {
			case RFC3339 -> RFC3339.format(time);
			case RFC3339_MILLIS -> RFC3339_MILLIS.format(time);
			case GO -> go(time, Duration.between(this.start, instant));
			case DAYTIME -> DAYTIME.format(time) + "-" + zoneName(time) + "\r\n";
		};
	}

	private static String go(ZonedDateTime time, Duration monotonic) {
		StringBuilder text = new StringBuilder(64).append(GO_DATE_TIME.format(time));
		if (time.getNano() != 0) {
			text.append(trimmedFraction(time.getNano()));
		}
		text.append(' ').append(GO_OFFSET.format(time)).append(' ').append(zoneName(time));
		BigDecimal seconds = BigDecimal.valueOf(monotonic.getSeconds()).add(BigDecimal.valueOf(monotonic.getNano(), 9));
		return text.append(" m=").append(seconds.signum() < 0 ? "" : "+").append(seconds.setScale(9).toPlainString())
			.toString();
	}

	private static String trimmedFraction(int nanos) {
		String digits = String.format(Locale.ROOT, "%09d", nanos);
		int end = digits.length();
		while (digits.charAt(end - 1) == '0') {
			end--;
		}
		return "." + digits.substring(0, end);
	}

	/**
	 * Go names UTC "UTC", a fixed offset by the offset itself, and a region by its tz database
	 * abbreviation. Java has no tz abbreviations, only locale names: the US English ones match
	 * the tz database for the common zones on every JDK (the root locale's turned into "GMT+08:00"
	 * in JDK 23), and where none exists the tz database uses the numeric form Go prints, "+08".
	 * A few zones still differ (the JDK says "BRT" where the tz database has said "-03" since 2017).
	 */
	private static String zoneName(ZonedDateTime time) {
		ZoneId zone = time.getZone();
		if (zone.normalized().equals(ZoneOffset.UTC)) {
			return "UTC";
		}
		if (zone instanceof ZoneOffset) {
			return GO_OFFSET.format(time);
		}
		String name = ZONE_NAME.format(time);
		return name.startsWith("GMT") ? GO_NUMERIC_ZONE.format(time) : name;
	}

}
