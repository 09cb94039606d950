package org.ackgate.client.bench;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Whether a UDP reply is a time, as the time endpoints write it: RFC 3339 with or without a
 * fraction ({@code 2024-07-19T02:37:05-07:00}), or what Go's {@code time.Now().String()} prints
 * ({@code 2024-07-19 02:37:05.123456789 -0700 PDT m=+0.001234567}). A reply cannot be compared
 * byte for byte, as the time moves; its shape can.
 */
final class TimeReply {

	private static final Pattern RFC3339 = Pattern
		.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

	private static final Pattern GO = Pattern
		.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})? [+-]\\d{4} [^ ]+( m=[+-]\\d+\\.\\d{9})?");

	private TimeReply() {
	}

	static boolean isTime(byte[] reply, int length) {
		if (length > 128) {
			return false;
		}
		String text = new String(reply, 0, length, StandardCharsets.UTF_8);
		return RFC3339.matcher(text).matches() || GO.matcher(text).matches();
	}

}
