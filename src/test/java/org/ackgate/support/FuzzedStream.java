package org.ackgate.support;

import java.util.Arrays;

import org.ackgate.wire.FrameInput;

/**
 * A fuzzer's bytes read as a stream to decode and the conditions to decode it under, laid out so
 * that a seed can be written with {@code printf}:
 * <ul>
 * <li>byte 0, how the stream arrives: bits 0–5 the size of every read (0: the whole stream in
 * one read), bits 6–7 the reader's buffer size (0: 8192, as a connection's; 1: 1; 2: 3; 3: 16)
 * <li>byte 1, the maximum message size: 0–254 bytes, or 255 for 64 KiB, the default
 * <li>the rest: the stream
 * </ul>
 * Fewer than two bytes are a stream of their own under the defaults.
 *
 * @param readSize the most bytes one read of the source returns
 * @param bufferSize the frame reader's buffer
 * @param maxLength the maximum message size the codec is built with
 * @param stream what the peer sent
 */
public record FuzzedStream(int readSize, int bufferSize, int maxLength, byte[] stream) {

	/** The default maximum message size, 64 KiB. */
	public static final int DEFAULT_MAX_LENGTH = 64 * 1024;

	private static final int[] BUFFER_SIZES = { 8192, 1, 3, 16 };

	public static FuzzedStream of(byte[] data) {
		if (data.length < 2) {
			return new FuzzedStream(Integer.MAX_VALUE, BUFFER_SIZES[0], DEFAULT_MAX_LENGTH, data);
		}
		int arrival = data[0] & 0xFF;
		int readSize = ((arrival & 0x3F) == 0) ? Integer.MAX_VALUE : arrival & 0x3F;
		int max = data[1] & 0xFF;
		return new FuzzedStream(readSize, BUFFER_SIZES[arrival >> 6], (max == 0xFF) ? DEFAULT_MAX_LENGTH : max,
				Arrays.copyOfRange(data, 2, data.length));
	}

	/** The stream as a connection's reader sees it. */
	public FrameInput input() {
		return FrameInput.buffered(new ChunkedInputStream(this.stream, this.readSize), this.bufferSize, "fuzz", count -> {
		});
	}

}
