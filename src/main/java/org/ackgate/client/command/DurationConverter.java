package org.ackgate.client.command;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line: {@code 250ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h},
 * or ISO-8601 ({@code PT5S}); a bare number is seconds, as a person typing {@code --timeout 5}
 * means.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

	private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

	@Override
	public Duration convert(String value) {
		return parse(value);
	}

	/** @throws TypeConversionException naming the value when it is not a non-negative duration */
	public static Duration parse(String value) {
		String text = value.trim().toLowerCase(Locale.ROOT);
		Matcher matcher = SIMPLE.matcher(text);
		try {
			if (matcher.matches()) {
				BigDecimal amount = new BigDecimal(matcher.group(1));
				String unit = (matcher.group(2) != null) ? matcher.group(2) : "s";
				BigDecimal nanosPerUnit = BigDecimal.valueOf(switch (unit) {
					case "ms" -> 1_000_000L;
					case "m" -> 60_000_000_000L;
					case "h" -> 3_600_000_000_000L;
					default -> 1_000_000_000L;
				});
				return Duration.ofNanos(amount.multiply(nanosPerUnit).longValueExact());
			}
			if (text.startsWith("pt")) {
				Duration duration = Duration.parse(text.toUpperCase(Locale.ROOT));
				if (!duration.isNegative()) {
					return duration;
				}
			}
		}
		catch (ArithmeticException | java.time.format.DateTimeParseException ex) {
			// Falls through to the one message below.
		}
		throw new TypeConversionException(
				"'" + value + "' is not a duration (examples: 250ms, 5s, 1.5s, 2m)");
	}

}
