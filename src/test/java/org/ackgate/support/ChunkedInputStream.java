package org.ackgate.support;

import java.io.InputStream;

/**
 * Serves its bytes in pieces, as TCP may deliver them: reads of at most {@code chunk} bytes,
 * or everything before a split point in one read and the rest in the next.
 */
public final class ChunkedInputStream extends InputStream {

	private final byte[] data;

	private final int chunk;

	private final int split;

	private int position;

	private int reads;

	private ChunkedInputStream(byte[] data, int chunk, int split) {
		this.data = data;
		this.chunk = chunk;
		this.split = split;
	}

	public ChunkedInputStream(byte[] data, int chunk) {
		this(data, chunk, -1);
	}

	/** The bytes before {@code split} in one read, the rest in the next. */
	public static ChunkedInputStream splitAt(byte[] data, int split) {
		return new ChunkedInputStream(data, Integer.MAX_VALUE, split);
	}

	/** How many reads returned data. */
	public int reads() {
		return this.reads;
	}

	@Override
	public int read() {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
	}

	@Override
	public int read(byte[] target, int offset, int length) {
		if (this.position >= this.data.length) {
			return -1;
		}
		int end = (this.split > 0 && this.position < this.split) ? this.split
				: (int) Math.min(this.data.length, (long) this.position + this.chunk);
		int take = Math.min(length, end - this.position);
		System.arraycopy(this.data, this.position, target, offset, take);
		this.position += take;
		this.reads++;
		return take;
	}

}
