package org.ackgate.tcp;

import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;

import org.ackgate.wire.IncrementalDecoder;
import org.ackgate.wire.ProtocolViolation;

/**
 * The bytes a {@link LoopConnection} received and has not decoded yet, owned by its loop thread.
 * A read that starts a message is decoded where Netty read it, with no copy; only bytes left over
 * (an incomplete message) move to a buffer of their own, sized to them, so the read buffer goes
 * back to Netty's pool and an idle peer holds only what it still owes. Holds no buffer at all
 * while nothing is owed.
 */
final class ReceivedBytes {

	/** The smallest buffer kept for an incomplete message: most grow by a few reads, not one. */
	static final int SMALLEST_KEPT = 512;

	private @Nullable ByteBuf buffer;

	/** Whether {@link #buffer} is the buffer Netty read into, not one of the connection's own. */
	private boolean readBufferHeld;

	/**
	 * Takes a read over: the caller no longer releases it.
	 * @return how many bytes are buffered now, undecoded
	 */
	int add(ByteBuf bytes) {
		ByteBuf kept = this.buffer;
		if (kept == null) {
			this.buffer = bytes;
			this.readBufferHeld = true;
			return bytes.readableBytes();
		}
		if (kept.writableBytes() < bytes.readableBytes()) {
			kept.discardReadBytes();
		}
		kept.writeBytes(bytes);
		bytes.release();
		return kept.readableBytes();
	}

	/** The capacity of the buffer kept between reads for an incomplete message; 0 while there is none. */
	int keptCapacity() {
		ByteBuf kept = this.buffer;
		return (kept == null || this.readBufferHeld) ? 0 : kept.capacity();
	}

	/** Whether any byte is buffered, undecoded. */
	boolean isReadable() {
		ByteBuf kept = this.buffer;
		return kept != null && kept.isReadable();
	}

	/** Whether a buffer is held: bytes are undecoded, or {@link #keepLeftover} has not run since they were. */
	boolean holdsBuffer() {
		return this.buffer != null;
	}

	/**
	 * The next complete message, consuming it and what the decoder skips before it.
	 * @return the message, or {@code null} when the buffered bytes hold no complete one
	 */
	byte @Nullable [] next(IncrementalDecoder decoder) throws ProtocolViolation {
		ByteBuf kept = this.buffer;
		if (kept == null) {
			return null;
		}
		ByteBuffer window = kept.nioBuffer(kept.readerIndex(), kept.readableBytes());
		byte[] message = decoder.next(window);
		kept.skipBytes(window.position());
		return message;
	}

	/** The peer ended its stream: whatever is buffered is all the decoder gets. */
	void endOfStream(IncrementalDecoder decoder) throws ProtocolViolation {
		ByteBuf kept = this.buffer;
		decoder.endOfStream((kept != null) ? kept.nioBuffer(kept.readerIndex(), kept.readableBytes())
				: ByteBuffer.allocate(0));
	}

	/**
	 * After decoding: releases the buffer when nothing is left, or moves what is left out of
	 * Netty's read buffer into one of the connection's own.
	 */
	void keepLeftover(ByteBufAllocator allocator) {
		ByteBuf kept = this.buffer;
		if (kept == null) {
			return;
		}
		if (!kept.isReadable()) {
			this.buffer = null;
			this.readBufferHeld = false;
			kept.release();
		}
		else if (this.readBufferHeld) {
			ByteBuf own = allocator.heapBuffer(Math.max(kept.readableBytes(), SMALLEST_KEPT));
			own.writeBytes(kept);
			kept.release();
			this.buffer = own;
			this.readBufferHeld = false;
		}
	}

	/** The connection closed: whatever is held goes back. */
	void release() {
		ByteBuf kept = this.buffer;
		if (kept != null) {
			this.buffer = null;
			this.readBufferHeld = false;
			kept.release();
		}
	}

}
