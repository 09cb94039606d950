package org.ackgate.client.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

import org.ackgate.wire.FrameDecoder;
import org.ackgate.wire.FrameInput;

/**
 * Lets the service's blocking codecs cut replies out of a non-blocking connection's bytes. The
 * codecs read through a {@link FrameInput} fed from what has arrived; when a decode runs out of
 * bytes in the middle of a reply, it is abandoned with its input and tried again, from the
 * reply's first byte, when more bytes arrive. What the input had read ahead is accounted for, so
 * the buffer always knows where the first unfinished reply starts.
 */
final class ReplyBuffer {

	/** The codecs' read-ahead: large enough for a typical ack in one copy. */
	static final int READ_AHEAD = 512;

	private final FrameDecoder decoder;

	private final Source source = new Source();

	private FrameInput input;

	private ByteBuffer buffer;

	ReplyBuffer(FrameDecoder decoder, int initialCapacity) {
		this.decoder = decoder;
		this.buffer = ByteBuffer.allocate(initialCapacity);
		this.input = newInput();
	}

	/** Whether part of a reply has arrived and waits for the rest. */
	boolean hasPartialReply() {
		return this.buffer.position() > 0;
	}

	/** Forgets what arrived: the connection it came on is gone. */
	void clear() {
		this.buffer.clear();
		this.input = newInput();
	}

	/** Where the next bytes from the socket go; grown when a reply is larger than what is free. */
	ByteBuffer writable() {
		if (!this.buffer.hasRemaining()) {
			ByteBuffer larger = ByteBuffer.allocate(this.buffer.capacity() * 2);
			this.buffer.flip();
			larger.put(this.buffer);
			this.buffer = larger;
		}
		return this.buffer;
	}

	/**
	 * Hands every complete reply among the bytes received to {@code handler}, in order, and keeps
	 * an incomplete last one for later.
	 * @throws IOException the decoder's verdict on bytes that are not a reply, or the handler's
	 */
	void drain(Handler handler) throws IOException {
		this.buffer.flip();
		this.source.current = this.buffer;
		int consumed = this.buffer.position();
		boolean incomplete = false;
		try {
			while (this.input.available() > 0) {
				byte[] reply = this.decoder.decode(this.input);
				if (reply == null) {
					break;
				}
				consumed = this.buffer.position() - readAhead();
				handler.reply(reply);
			}
		}
		catch (NeedMore ex) {
			incomplete = true;
		}
		finally {
			if (incomplete) {
				// The abandoned decode took bytes into its input: start over from the reply's first byte.
				this.buffer.position(consumed);
				this.input = newInput();
			}
			else {
				this.buffer.position(this.buffer.position() - readAhead());
				this.input = (readAhead() == 0) ? this.input : newInput();
			}
			this.buffer.compact();
		}
	}

	/** Bytes the input took from the buffer that no decode has consumed yet. */
	private int readAhead() throws IOException {
		return this.input.available() - this.buffer.remaining();
	}

	private FrameInput newInput() {
		return FrameInput.buffered(this.source, READ_AHEAD, "server", count -> {
		});
	}

	/** Receives each reply as it is cut. */
	@FunctionalInterface
	interface Handler {

		void reply(byte[] reply) throws IOException;

	}

	/** The received bytes as a stream that signals "not yet" instead of blocking or ending. */
	private static final class Source extends InputStream {

		private ByteBuffer current = ByteBuffer.allocate(0);

		@Override
		public int read() throws IOException {
			if (!this.current.hasRemaining()) {
				throw NeedMore.INSTANCE;
			}
			return this.current.get() & 0xFF;
		}

		@Override
		public int read(byte[] target, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			if (!this.current.hasRemaining()) {
				throw NeedMore.INSTANCE;
			}
			int take = Math.min(length, this.current.remaining());
			this.current.get(target, offset, take);
			return take;
		}

		@Override
		public int available() {
			return this.current.remaining();
		}

	}

	/** Not an error: the reply is not complete yet. Shared and without a stack, as it is frequent. */
	private static final class NeedMore extends IOException {

		private static final long serialVersionUID = 1L;

		static final NeedMore INSTANCE = new NeedMore();

		private NeedMore() {
			super("reply not complete yet");
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

}
