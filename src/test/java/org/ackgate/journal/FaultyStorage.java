package org.ackgate.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real file system, except that writes can be made to fail as a full disk fails them: after
 * {@code partialBytes} of the write reach the file, with "No space left on device". Lets the
 * disk-full behaviour be tested without privileges.
 */
public final class FaultyStorage implements JournalStorage {

	private volatile boolean full;

	private volatile boolean forceFails;

	/** How many bytes of a failing write still reach the file (a torn write). */
	private volatile int partialBytes;

	private final AtomicInteger failedWrites = new AtomicInteger();

	/** Runs when a force is about to fail, while what it was to force is still in the file. */
	private volatile Runnable beforeFailedForce = () -> {
	};

	/** Runs after each positional write that reached the file, before the writer can cut it off again. */
	private volatile Runnable afterWrite = () -> {
	};

	public void diskFull(boolean full, int partialBytes) {
		this.partialBytes = partialBytes;
		this.full = full;
	}

	public void forceFails(boolean fails) {
		this.forceFails = fails;
	}

	/** Runs {@code action} each time a force is about to fail, before the writer cuts what it wrote. */
	public void beforeFailedForce(Runnable action) {
		this.beforeFailedForce = action;
	}

	/** Runs {@code action} after each positional write that succeeded (a probe's zeros, say). */
	public void afterWrite(Runnable action) {
		this.afterWrite = action;
	}

	public int failedWrites() {
		return this.failedWrites.get();
	}

	@Override
	public FileChannel openForWrite(Path segment, boolean create) throws IOException {
		if (create && this.full) {
			this.failedWrites.incrementAndGet();
			throw new IOException("No space left on device");
		}
		return new Faulty(JournalStorage.FILES.openForWrite(segment, create));
	}

	private final class Faulty extends FileChannel {

		private final FileChannel delegate;

		Faulty(FileChannel delegate) {
			this.delegate = delegate;
		}

		private void failIfFull(ByteBuffer src, long position) throws IOException {
			if (FaultyStorage.this.full) {
				FaultyStorage.this.failedWrites.incrementAndGet();
				int partial = Math.min(FaultyStorage.this.partialBytes, src.remaining());
				if (partial > 0) {
					ByteBuffer part = src.duplicate();
					part.limit(part.position() + partial);
					this.delegate.write(part, position);
				}
				throw new IOException("No space left on device");
			}
		}

		@Override
		public int write(ByteBuffer src, long position) throws IOException {
			failIfFull(src, position);
			int written = this.delegate.write(src, position);
			FaultyStorage.this.afterWrite.run();
			return written;
		}

		@Override
		public int write(ByteBuffer src) throws IOException {
			failIfFull(src, this.delegate.position());
			return this.delegate.write(src);
		}

		@Override
		public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
			if (FaultyStorage.this.full) {
				throw new IOException("No space left on device");
			}
			return this.delegate.write(srcs, offset, length);
		}

		@Override
		public void force(boolean metaData) throws IOException {
			if (FaultyStorage.this.forceFails) {
				FaultyStorage.this.beforeFailedForce.run();
				throw new IOException("Input/output error");
			}
			this.delegate.force(metaData);
		}

		@Override
		public int read(ByteBuffer dst) throws IOException {
			return this.delegate.read(dst);
		}

		@Override
		public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
			return this.delegate.read(dsts, offset, length);
		}

		@Override
		public int read(ByteBuffer dst, long position) throws IOException {
			return this.delegate.read(dst, position);
		}

		@Override
		public long position() throws IOException {
			return this.delegate.position();
		}

		@Override
		public FileChannel position(long newPosition) throws IOException {
			this.delegate.position(newPosition);
			return this;
		}

		@Override
		public long size() throws IOException {
			return this.delegate.size();
		}

		@Override
		public FileChannel truncate(long size) throws IOException {
			this.delegate.truncate(size);
			return this;
		}

		@Override
		public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
			return this.delegate.transferTo(position, count, target);
		}

		@Override
		public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
			return this.delegate.transferFrom(src, position, count);
		}

		@Override
		public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
			return this.delegate.map(mode, position, size);
		}

		@Override
		public FileLock lock(long position, long size, boolean shared) throws IOException {
			return this.delegate.lock(position, size, shared);
		}

		@Override
		public FileLock tryLock(long position, long size, boolean shared) throws IOException {
			return this.delegate.tryLock(position, size, shared);
		}

		@Override
		protected void implCloseChannel() throws IOException {
			this.delegate.close();
		}

	}

}
