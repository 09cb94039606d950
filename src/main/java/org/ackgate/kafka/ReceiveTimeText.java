package org.ackgate.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The {@code ackgate-received-at} header's text: RFC 3339 in UTC with always nine fractional
 * digits ({@code 2026-12-04T21:10:42.000001200Z}), so the text sorts as the time does, as US-ASCII
 * bytes. Every record of a second shares the text up to its fraction, so that part is formatted
 * once per second and the nine digits are written by hand: {@link DateTimeFormatter} on every
 * record took 4.6 % of the serving threads' CPU in Kafka broker mode (docs/performance.md, Kafka).
 */
final class ReceiveTimeText {

	/**
	 * Everything before the fraction. {@code uuuu} prints years past 9999 with a sign, which
	 * {@link Instant#parse} (what {@link KafkaRecords#toAcceptedMessage} reads it back with) accepts.
	 */
	private static final DateTimeFormatter TO_THE_SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'.'")
		.withZone(ZoneOffset.UTC);

	private static final int FRACTION_DIGITS = 9;

	/** Immutable, so a thread that reads another's cached second sees it whole. */
	private record Second(long epochSecond, byte[] prefix) {
	}

	private static volatile Second last = second(0);

	private ReceiveTimeText() {
	}

	static byte[] bytes(Instant time) {
		Second second = last;
		if (second.epochSecond() != time.getEpochSecond()) {
			second = second(time.getEpochSecond());
			last = second;
		}
		byte[] prefix = second.prefix();
		byte[] text = Arrays.copyOf(prefix, prefix.length + FRACTION_DIGITS + 1);
		int nanos = time.getNano();
		for (int i = prefix.length + FRACTION_DIGITS - 1; i >= prefix.length; i--) {
			text[i] = (byte) ('0' + nanos % 10);
			nanos /= 10;
		}
		text[text.length - 1] = 'Z';
		return text;
	}

	private static Second second(long epochSecond) {
		return new Second(epochSecond,
				TO_THE_SECOND.format(Instant.ofEpochSecond(epochSecond)).getBytes(StandardCharsets.US_ASCII));
	}

}
