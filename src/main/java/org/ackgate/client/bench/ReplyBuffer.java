package org.ackgate.client.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

import org.ackgate.wire.FrameDecoder;
import org.ackgate.wire.FrameInput;

/**
 * Lets the service's blocking codecs cut replies out of a non-blocking connection's bytes: a
 * decode runs over what has arrived, and when it runs out of bytes mid-reply it is rolled back, to
 * be tried again when more arrive. The codecs read through a {@link FrameInput} that never reads
 * ahead, so a rollback of the buffer is a rollback of the whole decode.
 */
final class ReplyBuffer {

	private final FrameDecoder decoder;

	private final Source source = new Source();

	private final FrameInput input;

	private ByteBuffer buffer;

	ReplyBuffer(FrameDecoder decoder, int initialCapacity) {
		this.decoder = decoder;
		this.buffer = ByteBuffer.allocate(initialCapacity);
		this.input = FrameInput.of(this.source);
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
		try {
			while (this.buffer.hasRemaining()) {
				byte[] reply = this.decoder.decode(this.input);
				if (reply == null) {
					break;
				}
				consumed = this.buffer.position();
				handler.reply(reply);
			}
		}
		catch (NeedMore ex) {
			// The last reply is not complete: keep its bytes.
		}
		finally {
			this.buffer.position(consumed);
			this.buffer.compact();
		}
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
