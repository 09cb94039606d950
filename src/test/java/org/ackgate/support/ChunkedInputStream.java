package org.ackgate.support;

import java.io.InputStream;

/**
 * Serves its bytes in pieces, as TCP may deliver them: reads of at most {@code chunk} bytes,
 * everything before a split point in one read and the rest in the next, or pieces of given sizes.
 */
public final class ChunkedInputStream extends InputStream {

	private final byte[] data;

	private final int chunk;

	private final int split;

	private final int[] ends;

	private int position;

	private int reads;

	private ChunkedInputStream(byte[] data, int chunk, int split, int[] ends) {
		this.data = data;
		this.chunk = chunk;
		this.split = split;
		this.ends = ends;
	}

	public ChunkedInputStream(byte[] data, int chunk) {
		this(data, chunk, -1, null);
	}

	/** The bytes before {@code split} in one read, the rest in the next. */
	public static ChunkedInputStream splitAt(byte[] data, int split) {
		return new ChunkedInputStream(data, Integer.MAX_VALUE, split, null);
	}

	/**
	 * Pieces of the given sizes, in order, then the rest in one piece; a read never spans two
	 * pieces, though a small read may take a piece in several.
	 */
	public static ChunkedInputStream pieces(byte[] data, int... sizes) {
		int[] ends = new int[sizes.length];
		long end = 0;
		for (int i = 0; i < sizes.length; i++) {
			end = Math.min(data.length, end + Math.max(1, sizes[i]));
			ends[i] = (int) end;
		}
		return new ChunkedInputStream(data, Integer.MAX_VALUE, -1, ends);
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
		int end = (this.ends != null) ? pieceEnd() : chunkEnd();
		int take = Math.min(length, end - this.position);
		System.arraycopy(this.data, this.position, target, offset, take);
		this.position += take;
		this.reads++;
		return take;
	}

	private int chunkEnd() {
		if (this.split > 0 && this.position < this.split) {
			return this.split;
		}
		return (int) Math.min(this.data.length, (long) this.position + this.chunk);
	}

	private int pieceEnd() {
		for (int end : this.ends) {
			if (end > this.position) {
				return end;
			}
		}
		return this.data.length;
	}

}
