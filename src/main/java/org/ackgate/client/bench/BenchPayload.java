package org.ackgate.client.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bench's messages: exactly {@code size} bytes of printable ASCII, never a line feed, starting
 * with the connection and sequence number ({@code c3-m17 }) when the size leaves room, so a
 * reordered or foreign ack does not go unnoticed. One instance per connection and use: it keeps
 * the last message in a reused array.
 */
final class BenchPayload {

	static final byte FILLER = 'x';

	private final int connection;

	private final byte[] bytes;

	BenchPayload(int connection, int size) {
		this.connection = connection;
		this.bytes = new byte[size];
		Arrays.fill(this.bytes, FILLER);
	}

	int size() {
		return this.bytes.length;
	}

	/**
	 * The message for {@code sequence}; the array is reused by the next call. Sequence numbers only
	 * grow, so the id never gets shorter and the filler after it stays intact.
	 */
	byte[] forSequence(long sequence) {
		// 'C' (0x43) reads as NTP version 0, so a UDP time server never mistakes a 48+ byte message
		// for an NTP request ('c', 0x63, would be version 4, mode 3).
		byte[] id = ("C" + this.connection + "-m" + sequence + " ").getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(id, 0, this.bytes, 0, Math.min(id.length, this.bytes.length));
		return this.bytes;
	}

}
