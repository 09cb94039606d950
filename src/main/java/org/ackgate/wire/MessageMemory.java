package org.ackgate.wire;

/**
 * Where a reader takes the memory it holds for messages it has not received whole. The sum over
 * every connection is bounded, so that many clients each leaving a long message unfinished cannot
 * fill the heap between them: a reader refused more gives up its message
 * ({@link MessageMemoryRefused}).
 */
public interface MessageMemory {

	/** No bound: for a reader whose peer is trusted, such as a client reading its server's acks. */
	MessageMemory UNBOUNDED = new MessageMemory() {

		@Override
		public boolean tryHold(long bytes) {
			return true;
		}

		@Override
		public void release(long bytes) {
		}

	};

	/** Takes {@code bytes} more, unless that would pass the bound. */
	boolean tryHold(long bytes);

	/** Gives back {@code bytes} taken by {@link #tryHold}. */
	void release(long bytes);

}
