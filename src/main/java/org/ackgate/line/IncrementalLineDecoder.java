package org.ackgate.line;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.ackgate.wire.IncrementalDecoder;
import org.ackgate.wire.ProtocolViolation;

/**
 * {@link LineCodec}'s lines decoded from bytes as they arrive, for the event-loop transport:
 * LF-terminated, the LF consumed and not returned, a CR before it kept, the same oversize and
 * truncation violations with the same messages.
 * <p>
 * It remembers how far it has already searched the unconsumed bytes for an LF, so a peer that
 * sends a long line a byte per read costs one look at each byte, not a rescan of the whole line
 * on every read; and it never looks further than one byte past the maximum, so an oversize line
 * is refused as soon as more than the maximum has arrived, whatever else came with it.
 */
public final class IncrementalLineDecoder implements IncrementalDecoder {

	/** LF in every byte of a long, for the eight-bytes-a-step search. */
	private static final long LF_PATTERN = 0x0A0A0A0A0A0A0A0AL;

	private final int maxLength;

	/** How many unconsumed bytes, from the buffer's position, are known to hold no LF. */
	private int scanned;

	/** Every byte looked at, for the test that proves the work is linear. */
	long examined;

	public IncrementalLineDecoder(int maxLength) {
		if (maxLength < 0) {
			throw new IllegalArgumentException("maxLength must not be negative");
		}
		this.maxLength = maxLength;
	}

	@Override
	public byte[] next(ByteBuffer received) throws ProtocolViolation {
		int start = received.position();
		int available = received.limit() - start;
		// An LF at start + maxLength still ends an allowed line; anything past it cannot.
		int searchable = (int) Math.min(available, (long) this.maxLength + 1);
		int found = indexOfLf(received, start, this.scanned, searchable);
		if (found >= 0) {
			byte[] line = new byte[found];
			received.get(start, line);
			received.position(start + found + 1);
			this.scanned = 0;
			return line;
		}
		this.scanned = searchable;
		if (searchable > this.maxLength) {
			throw oversize();
		}
		return null;
	}

	@Override
	public void endOfStream(ByteBuffer remaining) throws ProtocolViolation {
		this.scanned = 0;
		if (remaining.hasRemaining()) {
			throw new ProtocolViolation(ProtocolViolation.Kind.TRUNCATED,
					"stream ended after " + remaining.remaining() + " bytes of an unterminated message");
		}
	}

	/*
	 * Eight bytes a step where there are eight (the usual case for a line that arrived whole):
	 * a per-byte get() on a direct buffer costs a bounds check and a memory-access call per byte,
	 * which made 16 KiB lines slower than the blocking transport's array scan.
	 */
	private int indexOfLf(ByteBuffer received, int start, int from, int to) {
		boolean bigEndian = received.order() == ByteOrder.BIG_ENDIAN;
		int i = from;
		for (; i + Long.BYTES <= to; i += Long.BYTES) {
			long word = received.getLong(start + i) ^ LF_PATTERN;
			// Exact per byte (no borrow from one byte into the next): the high bit of each zero byte.
			long zeros = ~(((word & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | word | 0x7F7F7F7F7F7F7F7FL);
			if (zeros != 0) {
				int offset = (bigEndian ? Long.numberOfLeadingZeros(zeros) : Long.numberOfTrailingZeros(zeros)) >>> 3;
				this.examined += offset + 1;
				return i + offset;
			}
			this.examined += Long.BYTES;
		}
		for (; i < to; i++) {
			this.examined++;
			if (received.get(start + i) == LineCodec.LF) {
				return i;
			}
		}
		return -1;
	}

	private ProtocolViolation oversize() {
		return new ProtocolViolation(ProtocolViolation.Kind.OVERSIZE,
				"message longer than the maximum of " + this.maxLength + " bytes");
	}

}
