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

	/** How many leading bytes the last id took. */
	private int idLength;

	BenchPayload(int connection, int size) {
		this.connection = connection;
		this.bytes = new byte[size];
		Arrays.fill(this.bytes, FILLER);
	}

	int size() {
		return this.bytes.length;
	}

	/**
	 * The message for {@code sequence}; the array is reused by the next call. A sequence number
	 * may go back (a request sent again after a reconnect), so a shorter id than the last one has
	 * the filler restored after it.
	 */
	byte[] forSequence(long sequence) {
		// 'C' (0x43) reads as NTP version 0, so a UDP time server never mistakes a 48+ byte message
		// for an NTP request ('c', 0x63, would be version 4, mode 3).
		byte[] id = ("C" + this.connection + "-m" + sequence + " ").getBytes(StandardCharsets.US_ASCII);
		int length = Math.min(id.length, this.bytes.length);
		System.arraycopy(id, 0, this.bytes, 0, length);
		if (length < this.idLength) {
			Arrays.fill(this.bytes, length, this.idLength, FILLER);
		}
		this.idLength = length;
		return this.bytes;
	}

}
