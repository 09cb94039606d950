package org.ackgate.jmh;

import java.io.InputStream;
import java.util.Arrays;

/**
 * An endless in-memory input of the same encoded messages over and over, standing in for a
 * connection's socket. {@code perRead} says how much one read may return: as much as the reader
 * asks for (a client that pipelines, many messages per read), or at most up to the end of the
 * current message (one request in flight: a message per segment, a read per message).
 */
public final class CyclicMessages extends InputStream {

	/** How much one read returns. */
	public enum Delivery {

		/** As much as the reader's buffer takes: many messages per read. */
		BATCHED,

		/** Never past the end of the current message: one message per read. */
		ONE_PER_READ

	}

	private final byte[] bytes;

	private final int[] ends;

	private final Delivery delivery;

	private int position;

	private int message;

	/**
	 * @param messages the encoded messages, repeated in this order forever
	 */
	CyclicMessages(byte[][] messages, Delivery delivery) {
		int total = 0;
		for (byte[] m : messages) {
			total += m.length;
		}
		this.bytes = new byte[total];
		this.ends = new int[messages.length];
		int at = 0;
		for (int i = 0; i < messages.length; i++) {
			System.arraycopy(messages[i], 0, this.bytes, at, messages[i].length);
			at += messages[i].length;
			this.ends[i] = at;
		}
		this.delivery = delivery;
	}

	@Override
	public int read() {
		int value = this.bytes[this.position] & 0xFF;
		advance(1);
		return value;
	}

	@Override
	public int read(byte[] target, int offset, int length) {
		if (length == 0) {
			return 0;
		}
		int limit = (this.delivery == Delivery.ONE_PER_READ) ? this.ends[this.message] : this.bytes.length;
		int take = Math.min(length, limit - this.position);
		System.arraycopy(this.bytes, this.position, target, offset, take);
		advance(take);
		return take;
	}

	private void advance(int count) {
		this.position += count;
		while (this.message < this.ends.length && this.position >= this.ends[this.message]) {
			this.message++;
		}
		if (this.position == this.bytes.length) {
			this.position = 0;
			this.message = 0;
		}
	}

	/** {@code count} copies of one message, as one array per message. */
	static byte[][] repeat(byte[] message, int count) {
		byte[][] messages = new byte[count][];
		Arrays.fill(messages, message);
		return messages;
	}

}
