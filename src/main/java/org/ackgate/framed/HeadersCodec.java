package org.ackgate.framed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.ackgate.wire.FrameInput;
import org.ackgate.wire.ProtocolViolation;

/**
 * The framed-ack tutorial's {@code Headers} frame: ASCII {@code Headers}, an int32 big-endian length, the
 * payload. Decoding skips bytes before a magic (as the tutorial's {@code Depack} does), consumes
 * the raw {@code ok} receipt a client sends between frames, and allocates nothing a length
 * field claims beyond the configured maximum.
 */
public final class HeadersCodec {

	static final byte[] MAGIC = "Headers".getBytes(StandardCharsets.US_ASCII);

	static final int HEADER_LENGTH = MAGIC.length + Integer.BYTES;

	/** What the decoder saw besides frames; called on the reading thread. */
	public interface Events {

		/**
		 * The client confirmed an ack with {@code ok}.
		 * @param peer who sent it, for log lines
		 */
		void receipt(String peer);

		/**
		 * Bytes that were neither a frame nor a receipt were dropped to find the next magic.
		 * @param peer who sent them, for log lines
		 */
		void skipped(String peer, long count);

	}

	private final int maxLength;

	private final Events events;

	public HeadersCodec(int maxLength, Events events) {
		if (maxLength < 0) {
			throw new IllegalArgumentException("maxLength must not be negative");
		}
		this.maxLength = maxLength;
		this.events = events;
	}

	/** One frame: the magic, the length, the payload, in a single array. */
	public static byte[] encode(byte[] payload) {
		return ByteBuffer.allocate(HEADER_LENGTH + payload.length)
			.put(MAGIC)
			.putInt(payload.length)
			.put(payload)
			.array();
	}

	/**
	 * The next frame's payload, consuming receipts and skipping garbage on the way.
	 * @return the payload, or {@code null} when the stream ended between frames
	 * @throws ProtocolViolation for a negative or oversize length, or a stream that ends
	 * inside a frame
	 */
	public byte[] decode(FrameInput input) throws IOException {
		int next = input.read();
		while (next == 'o') {
			int second = input.read();
			if (second != 'k') {
				return findMagicThenFrame(input, second, 1);
			}
			this.events.receipt(input.peer());
			// A receipt is complete in itself: a client that confirmed and then waits is not slow.
			input.markBoundary();
			next = input.read();
		}
		return findMagicThenFrame(input, next, 0);
	}

	private byte[] findMagicThenFrame(FrameInput input, int first, long alreadySkipped) throws IOException {
		long skipped = alreadySkipped;
		int matched = 0;
		int next = first;
		while (matched < MAGIC.length) {
			if (next < 0) {
				reportSkipped(input, skipped);
				if (matched > 0) {
					throw new ProtocolViolation(ProtocolViolation.Kind.TRUNCATED,
							"stream ended inside a frame's magic");
				}
				return null;
			}
			if (next == MAGIC[matched]) {
				matched++;
			}
			else {
				skipped += matched;
				matched = (next == MAGIC[0]) ? 1 : 0;
				skipped += (matched == 0) ? 1 : 0;
			}
			if (matched < MAGIC.length) {
				next = input.read();
			}
		}
		reportSkipped(input, skipped);
		int length = checkLength(ByteBuffer.wrap(input.readExactly(Integer.BYTES)).getInt(), this.maxLength);
		return input.readExactly(length);
	}

	/**
	 * A frame's length field, checked before anything is allocated for it; shared with
	 * {@link IncrementalHeadersDecoder}, so both transports refuse the same frames with the same words.
	 */
	static int checkLength(int length, int maxLength) throws ProtocolViolation {
		if (length < 0) {
			throw new ProtocolViolation(ProtocolViolation.Kind.NEGATIVE_LENGTH,
					"frame length " + length + " is negative");
		}
		if (length > maxLength) {
			throw new ProtocolViolation(ProtocolViolation.Kind.OVERSIZE,
					"frame length " + length + " exceeds the maximum of " + maxLength + " bytes");
		}
		return length;
	}

	private void reportSkipped(FrameInput input, long skipped) {
		if (skipped > 0) {
			this.events.skipped(input.peer(), skipped);
		}
	}

}
