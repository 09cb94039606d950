package org.ackgate.framed;

import java.nio.ByteBuffer;

import org.ackgate.wire.IncrementalDecoder;
import org.ackgate.wire.ProtocolViolation;

/**
 * {@link HeadersCodec}'s frames decoded from bytes as they arrive, for the event-loop transport:
 * the same receipts, the same garbage skipped before a magic, the same violations with the same
 * messages, raised from the length field before any payload is waited for.
 * <p>
 * Receipts and garbage are consumed as soon as they are recognised, so a peer that trickles
 * garbage does not grow the connection's buffer; a partial magic, header or payload stays
 * unconsumed until the whole frame is there. The state between calls (whether receipts may
 * still come, how much of a magic has matched) means no byte is searched twice, and waiting
 * for a payload costs one comparison per call. Skipped bytes are reported once per call that
 * skipped some, so the counts may be split differently from the blocking codec's, never add
 * up differently.
 */
public final class IncrementalHeadersDecoder implements IncrementalDecoder {

	private static final byte[] MAGIC = HeadersCodec.MAGIC;

	private final int maxLength;

	private final HeadersCodec.Events events;

	private final String peer;

	/**
	 * True between frames until a byte that is not a receipt: only there is {@code ok} a receipt,
	 * as in the blocking codec, where it is garbage once the search for a magic has begun.
	 */
	private boolean atBoundary = true;

	/** How many bytes of a magic, at the buffer's position, have matched; all of it once found. */
	private int matched;

	/** The length field of the frame whose magic was found, once it is here and checked; -1 before. */
	private int length = -1;

	/** Every byte looked at (the payload's copy aside), for the test that proves the work per call is bounded. */
	long examined;

	public IncrementalHeadersDecoder(int maxLength, HeadersCodec.Events events, String peer) {
		if (maxLength < 0) {
			throw new IllegalArgumentException("maxLength must not be negative");
		}
		this.maxLength = maxLength;
		this.events = events;
		this.peer = peer;
	}

	@Override
	public byte[] next(ByteBuffer received) throws ProtocolViolation {
		if (this.atBoundary && !consumeReceipts(received)) {
			return null;
		}
		if (this.matched < MAGIC.length && !findMagic(received)) {
			return null;
		}
		int start = received.position();
		int available = received.limit() - start;
		if (available < HeadersCodec.HEADER_LENGTH) {
			return null;
		}
		if (this.length < 0) {
			// Read and checked once: waiting for the payload then costs one comparison per call.
			this.length = checkedLength(received, start);
		}
		if (available - HeadersCodec.HEADER_LENGTH < this.length) {
			return null;
		}
		byte[] payload = new byte[this.length];
		received.get(start + HeadersCodec.HEADER_LENGTH, payload);
		received.position(start + HeadersCodec.HEADER_LENGTH + this.length);
		this.matched = 0;
		this.length = -1;
		this.atBoundary = true;
		return payload;
	}

	@Override
	public void endOfStream(ByteBuffer remaining) throws ProtocolViolation {
		int left = remaining.remaining();
		if (this.atBoundary) {
			// Only a lone 'o' can be left here: the blocking codec skips it and ends cleanly.
			if (left > 0) {
				this.events.skipped(this.peer, left);
			}
			return;
		}
		if (this.matched == 0) {
			return;
		}
		if (this.matched < MAGIC.length) {
			throw new ProtocolViolation(ProtocolViolation.Kind.TRUNCATED, "stream ended inside a frame's magic");
		}
		if (left < HeadersCodec.HEADER_LENGTH) {
			throw new ProtocolViolation(ProtocolViolation.Kind.TRUNCATED,
					"stream ended after " + (left - MAGIC.length) + " of " + Integer.BYTES + " bytes");
		}
		int expected = (this.length >= 0) ? this.length : checkedLength(remaining, remaining.position());
		throw new ProtocolViolation(ProtocolViolation.Kind.TRUNCATED,
				"stream ended after " + (left - HeadersCodec.HEADER_LENGTH) + " of " + expected + " bytes");
	}

	/* Past the receipts, every byte consumed is garbage before a frame, or the frame's own. */
	@Override
	public boolean insideMessage() {
		return !this.atBoundary;
	}

	/**
	 * Consumes the receipts at the buffer's position.
	 * @return whether the search for a magic may begin: false while the bytes could still be a
	 * receipt (an {@code o} alone)
	 */
	private boolean consumeReceipts(ByteBuffer received) {
		while (received.hasRemaining()) {
			int position = received.position();
			this.examined++;
			if (received.get(position) != 'o') {
				this.atBoundary = false;
				return true;
			}
			if (received.remaining() < 2) {
				return false;
			}
			this.examined++;
			if (received.get(position + 1) != 'k') {
				// An 'o' that is not a receipt is garbage, and the byte after it starts the search.
				received.position(position + 1);
				this.events.skipped(this.peer, 1);
				this.atBoundary = false;
				return true;
			}
			received.position(position + 2);
			this.events.receipt(this.peer);
		}
		return false;
	}

	/**
	 * Looks for a magic from where the last call stopped, consuming the bytes before it. The same
	 * matching as the blocking codec's, so the same bytes count as skipped.
	 * @return whether the whole magic is at the buffer's position
	 */
	private boolean findMagic(ByteBuffer received) {
		int start = received.position();
		int limit = received.limit();
		long skipped = 0;
		int i = start + this.matched;
		while (i < limit && this.matched < MAGIC.length) {
			byte next = received.get(i++);
			this.examined++;
			if (next == MAGIC[this.matched]) {
				this.matched++;
			}
			else {
				skipped += this.matched;
				this.matched = (next == MAGIC[0]) ? 1 : 0;
				skipped += (this.matched == 0) ? 1 : 0;
			}
		}
		// Every byte looked at is either skipped or part of the magic begun at the end.
		received.position(i - this.matched);
		if (skipped > 0) {
			this.events.skipped(this.peer, skipped);
		}
		return this.matched == MAGIC.length;
	}

	/** The length field after the magic at {@code start}, refused before any payload is awaited. */
	private int checkedLength(ByteBuffer received, int start) throws ProtocolViolation {
		int at = start + MAGIC.length;
		this.examined += Integer.BYTES;
		// Big-endian whatever order the caller's buffer is set to.
		int length = ((received.get(at) & 0xFF) << 24) | ((received.get(at + 1) & 0xFF) << 16)
				| ((received.get(at + 2) & 0xFF) << 8) | (received.get(at + 3) & 0xFF);
		return HeadersCodec.checkLength(length, this.maxLength);
	}

}
