package org.ackgate.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A buffered reader of frames over one connection's input. It reads the socket in large
 * chunks instead of a byte per call, hands out only what a codec asks for, and keeps the rest
 * for the next frame, so one instance must live as long as its connection.
 * <p>
 * What it holds beyond its first small buffer (a grown buffer, a message gathered over several
 * reads) it takes from a {@link MessageMemory} shared with every other connection, and gives back
 * when the message is whole, between messages when the peer has nothing more waiting, and at
 * {@link #releaseMemory()}.
 * <p>
 * Not thread-safe: a connection is read by one thread.
 */
public final class FrameInput extends InputStream {

	private final InputStream source;

	private static final byte[] NOT_YET = new byte[0];

	/** The first buffer's size: enough for typical messages, small for thousands of idle peers. */
	static final int INITIAL_BUFFER_SIZE = 512;

	private final int bufferSize;

	/**
	 * Starts small and doubles, up to {@code bufferSize}, whenever a read fills it (as Netty's
	 * adaptive allocator does): idle and small-message peers hold little, bulk senders get few
	 * large reads.
	 */
	private byte[] buffer = NOT_YET;

	private final String peer;

	private final IntConsumer onRead;

	private final MessageMemory memory;

	/** What {@link #buffer} holds of {@link #memory}: its capacity once grown past the first size, else 0. */
	private int bufferHeld;

	/** The size the buffer had grown to before it was given back between messages: the next message's reads start there. */
	private int lastGrownSize;

	private int position;

	/** Where the current message began in the buffer, and how many fills since: see {@link #markBoundary()}. */
	private int boundaryPosition;

	private int fillsSinceBoundary;

	private long lastFillNanos;

	/** When the message being read started arriving, while the reader waits for its rest; 0 otherwise. */
	private volatile long messageStartNanos;

	private int limit;

	private FrameInput(InputStream source, int bufferSize, String peer, IntConsumer onRead, MessageMemory memory) {
		this.source = Objects.requireNonNull(source, "source");
		if (bufferSize < 1) {
			throw new IllegalArgumentException("bufferSize must be at least 1, was " + bufferSize);
		}
		this.bufferSize = bufferSize;
		this.peer = peer;
		this.onRead = onRead;
		this.memory = Objects.requireNonNull(memory, "memory");
	}

	/**
	 * A reader with its own buffer, which grows up to {@code bufferSize}; use one per connection.
	 * @param peer who is on the other end, for log lines
	 * @param onRead told how many bytes each read from the source brought (for byte counters)
	 */
	public static FrameInput buffered(InputStream source, int bufferSize, String peer, IntConsumer onRead) {
		return buffered(source, bufferSize, peer, onRead, MessageMemory.UNBOUNDED);
	}

	/**
	 * A reader as {@link #buffered(InputStream, int, String, IntConsumer)} whose grown buffer and
	 * partly received messages are held in {@code memory}; a message that cannot be held fails
	 * with {@link MessageMemoryRefused}. Call {@link #releaseMemory()} once the connection is done.
	 */
	public static FrameInput buffered(InputStream source, int bufferSize, String peer, IntConsumer onRead,
			MessageMemory memory) {
		return new FrameInput(source, bufferSize, peer, onRead, memory);
	}

	/**
	 * The stream itself when it is a {@code FrameInput}; otherwise a reader that never reads
	 * ahead (one byte per call), because a wrapper made per call would lose what it read ahead.
	 */
	public static FrameInput of(InputStream source) {
		if (source instanceof FrameInput frameInput) {
			return frameInput;
		}
		return new FrameInput(source, 1, "?", count -> {
		}, MessageMemory.UNBOUNDED);
	}

	/**
	 * Tells the reader that a message (or a receipt) has just been fully consumed, so what comes
	 * next starts a new one. A decoder calls it between messages; from then on, a reader that has
	 * to wait for more bytes after consuming some is inside a message, and
	 * {@link #messageStartNanos()} says since when.
	 */
	public void markBoundary() {
		this.boundaryPosition = this.position;
		this.fillsSinceBoundary = 0;
		if (this.messageStartNanos != 0) {
			this.messageStartNanos = 0;
		}
	}

	/**
	 * When the incomplete message the reader is waiting on started arriving ({@link System#nanoTime()}
	 * of the read that brought its first bytes, or a later one), or 0 between messages. Safe to call
	 * from another thread, for slow-sender sweeps.
	 */
	public long messageStartNanos() {
		return this.messageStartNanos;
	}

	/** When the last read from the source returned bytes ({@link System#nanoTime()}), 0 before any. */
	public long lastReadNanos() {
		return this.lastFillNanos;
	}

	/** Who is on the other end, for log lines; {@code ?} when unknown. */
	public String peer() {
		return this.peer;
	}

	/**
	 * The bytes up to the delimiter, which is consumed and not returned.
	 * @return the bytes, or {@code null} when the stream ended cleanly before any byte
	 * @throws ProtocolViolation {@code OVERSIZE} as soon as more than {@code maxLength} bytes
	 * came without a delimiter, {@code TRUNCATED} when the stream ended inside the message
	 */
	public byte[] readUntil(byte delimiter, int maxLength) throws IOException {
		if (this.position == this.limit && fill() < 0) {
			return null;
		}
		// Usually the whole message is in the buffer: one copy, no collecting array.
		int found = indexOf(delimiter, this.position, this.limit);
		if (found >= 0) {
			return takeThrough(found, maxLength);
		}
		// The message spans reads: what is gathered of it is held until it is whole.
		int firstSize = Math.min(maxLength, Math.max(64, 2 * (this.limit - this.position)));
		hold(firstSize);
		byte[] collected = new byte[firstSize];
		try {
			int length = 0;
			while (true) {
				int available = this.limit - this.position;
				found = indexOf(delimiter, this.position, this.limit);
				int take = (found >= 0) ? found - this.position : available;
				if (length + take > maxLength) {
					throw oversize(maxLength);
				}
				if (length + take > collected.length) {
					int larger = Math.min(maxLength, Math.max(length + take, 2 * collected.length));
					hold(larger - collected.length);
					collected = Arrays.copyOf(collected, larger);
				}
				System.arraycopy(this.buffer, this.position, collected, length, take);
				length += take;
				this.position += take;
				if (found >= 0) {
					this.position++;
					return (length == collected.length) ? collected : Arrays.copyOf(collected, length);
				}
				if (fill() < 0) {
					if (length == 0) {
						return null;
					}
					throw new ProtocolViolation(ProtocolViolation.Kind.TRUNCATED,
							"stream ended after " + length + " bytes of an unterminated message");
				}
			}
		}
		finally {
			this.memory.release(collected.length);
		}
	}

	/**
	 * Exactly {@code length} bytes; the caller has bounded {@code length}.
	 * @throws ProtocolViolation {@code TRUNCATED} when the stream ends first
	 */
	public byte[] readExactly(int length) throws IOException {
		if (length <= this.limit - this.position) {
			byte[] result = Arrays.copyOfRange(this.buffer, this.position, this.position + length);
			this.position += length;
			return result;
		}
		// The rest is still on its way: the whole array is held until it is filled.
		hold(length);
		try {
			byte[] result = new byte[length];
			int copied = 0;
			while (copied < length) {
				if (this.position == this.limit && fill() < 0) {
					throw new ProtocolViolation(ProtocolViolation.Kind.TRUNCATED,
							"stream ended after " + copied + " of " + length + " bytes");
				}
				int take = Math.min(length - copied, this.limit - this.position);
				System.arraycopy(this.buffer, this.position, result, copied, take);
				this.position += take;
				copied += take;
			}
			return result;
		}
		finally {
			this.memory.release(length);
		}
	}

	/**
	 * Gives back what the reader holds of its {@link MessageMemory} and drops its buffer; for the
	 * connection's reading thread once it reads no more.
	 */
	public void releaseMemory() {
		this.memory.release(this.bufferHeld);
		this.bufferHeld = 0;
		this.buffer = NOT_YET;
		this.position = 0;
		this.limit = 0;
	}

	/**
	 * Whatever has arrived, at most {@code maxLength} bytes, waiting only for the first.
	 * @return the bytes, or {@code null} at the end of the stream
	 */
	public byte[] readAvailable(int maxLength) throws IOException {
		if (this.position == this.limit && fill() < 0) {
			return null;
		}
		int take = Math.min(maxLength, this.limit - this.position);
		byte[] result = Arrays.copyOfRange(this.buffer, this.position, this.position + take);
		this.position += take;
		return result;
	}

	@Override
	public int read() throws IOException {
		if (this.position == this.limit && fill() < 0) {
			return -1;
		}
		return this.buffer[this.position++] & 0xFF;
	}

	@Override
	public int read(byte[] target, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, target.length);
		if (length == 0) {
			return 0;
		}
		if (this.position == this.limit && fill() < 0) {
			return -1;
		}
		int take = Math.min(length, this.limit - this.position);
		System.arraycopy(this.buffer, this.position, target, offset, take);
		this.position += take;
		return take;
	}

	@Override
	public int available() throws IOException {
		return (this.limit - this.position) + this.source.available();
	}

	@Override
	public void close() throws IOException {
		this.source.close();
	}

	private byte[] takeThrough(int delimiterIndex, int maxLength) throws ProtocolViolation {
		int length = delimiterIndex - this.position;
		if (length > maxLength) {
			throw oversize(maxLength);
		}
		byte[] result = Arrays.copyOfRange(this.buffer, this.position, delimiterIndex);
		this.position = delimiterIndex + 1;
		return result;
	}

	private int fill() throws IOException {
		if (this.messageStartNanos == 0 && (this.fillsSinceBoundary > 0 || this.position != this.boundaryPosition)) {
			// Bytes of a message were consumed and its rest is not here: it is incomplete.
			this.messageStartNanos = this.lastFillNanos;
		}
		this.fillsSinceBoundary++;
		this.boundaryPosition = 0;
		if (this.buffer == NOT_YET) {
			this.buffer = new byte[Math.min(INITIAL_BUFFER_SIZE, this.bufferSize)];
		}
		else if (this.bufferHeld > 0 && this.messageStartNanos == 0 && this.source.available() == 0) {
			// Between messages, with nothing on its way: a peer that now waits, perhaps for hours,
			// does not keep a grown buffer. Its next message's reads grow straight back to this size.
			this.lastGrownSize = this.buffer.length;
			this.memory.release(this.bufferHeld);
			this.bufferHeld = 0;
			this.buffer = new byte[Math.min(INITIAL_BUFFER_SIZE, this.bufferSize)];
		}
		else if (this.limit == this.buffer.length && this.buffer.length < this.bufferSize) {
			grow();
		}
		int read = this.source.read(this.buffer, 0, this.buffer.length);
		if (read == 0) {
			// A blocking stream never does this; a broken one would make every reader spin.
			throw new IOException("the source returned no bytes and no end of stream");
		}
		if (read > 0) {
			this.lastFillNanos = System.nanoTime();
			this.position = 0;
			this.limit = read;
			this.onRead.accept(read);
		}
		return read;
	}

	/* Past the bound, the buffer stays as it is: reads go on, only smaller. */
	private void grow() {
		int larger = (int) Math.min(Math.max((long) this.buffer.length * 2, this.lastGrownSize), this.bufferSize);
		if (this.memory.tryHold(larger - this.bufferHeld)) {
			this.bufferHeld = larger;
			this.buffer = new byte[larger];
		}
	}

	private void hold(int bytes) throws MessageMemoryRefused {
		if (!this.memory.tryHold(bytes)) {
			throw new MessageMemoryRefused(bytes);
		}
	}

	private int indexOf(byte value, int from, int to) {
		for (int i = from; i < to; i++) {
			if (this.buffer[i] == value) {
				return i;
			}
		}
		return -1;
	}

	private static ProtocolViolation oversize(int maxLength) {
		return new ProtocolViolation(ProtocolViolation.Kind.OVERSIZE,
				"message longer than the maximum of " + maxLength + " bytes");
	}

}
