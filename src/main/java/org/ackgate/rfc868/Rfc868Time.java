package org.ackgate.rfc868;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * RFC 868's time: the seconds since 1900-01-01T00:00:00Z as a 32-bit big-endian number. It
 * wraps on 2036-02-07T06:28:16Z, and writing it modulo 2^32 is what RFC 868 clients expect (they
 * read the value as unsigned and place it in the era they live in).
 */
public final class Rfc868Time {

	static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

	private Rfc868Time() {
	}

	public static byte[] encode(Instant instant) {
		long seconds = instant.getEpochSecond() + SECONDS_1900_TO_1970;
		return ByteBuffer.allocate(4).putInt((int) seconds).array();
	}

}
