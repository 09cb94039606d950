package org.ackgate.client.transport;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

import org.ackgate.wire.FrameInput;

/** A stream that delivers its bytes in the given pieces, one piece at most per read: TCP segmentation, simulated. */
final class ChunkedInput extends InputStream {

	private final Deque<byte[]> chunks = new ArrayDeque<>();

	private ChunkedInput(byte[] bytes, int... cuts) {
		int start = 0;
		for (int cut : cuts) {
			this.chunks.add(Arrays.copyOfRange(bytes, start, cut));
			start = cut;
		}
		this.chunks.add(Arrays.copyOfRange(bytes, start, bytes.length));
	}

	/** The bytes split at the given offsets, read through a buffered frame input as a connection reads them. */
	static FrameInput split(byte[] bytes, int... cuts) {
		return FrameInput.buffered(new ChunkedInput(bytes, cuts), 8192, "test", count -> {
		});
	}

	/** The bytes one at a time. */
	static FrameInput byteByByte(byte[] bytes) {
		int[] cuts = new int[Math.max(0, bytes.length - 1)];
		for (int i = 0; i < cuts.length; i++) {
			cuts[i] = i + 1;
		}
		return split(bytes, cuts);
	}

	@Override
	public int read() {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
	}

	@Override
	public int read(byte[] target, int offset, int length) {
		while (!this.chunks.isEmpty() && this.chunks.peek().length == 0) {
			this.chunks.poll();
		}
		byte[] chunk = this.chunks.peek();
		if (chunk == null) {
			return -1;
		}
		int take = Math.min(length, chunk.length);
		System.arraycopy(chunk, 0, target, offset, take);
		this.chunks.poll();
		if (take < chunk.length) {
			this.chunks.push(Arrays.copyOfRange(chunk, take, chunk.length));
		}
		return take;
	}

	@Override
	public int available() {
		byte[] chunk = this.chunks.peek();
		return (chunk != null) ? chunk.length : 0;
	}

}
