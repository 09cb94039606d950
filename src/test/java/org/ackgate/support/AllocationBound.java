package org.ackgate.support;

import java.lang.management.ManagementFactory;

import org.ackgate.wire.FrameDecoder;

/**
 * Fails any decode call that allocates more than a bound on its thread: whatever a length field
 * claims, a codec allocates for what the maximum message size allows, never for the claim. The
 * test JVM's heap is gigabytes, so an oversized allocation would not fail by itself.
 * <p>
 * The first run of a code path allocates too (a string concatenation's first use links it, which
 * takes megabytes), so callers run the decoder over each outcome once before checking it, and
 * the bound leaves {@link #SLACK} for what remains.
 */
public final class AllocationBound {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	/** Room for the runtime's own first-use allocations on top of the codec's. */
	public static final long SLACK = 4L << 20;

	private AllocationBound() {
	}

	/** The decoder, checked: each call may allocate at most {@code bytes} plus the {@link #SLACK}. */
	public static FrameDecoder atMost(long bytes, FrameDecoder decoder) {
		long bound = (bytes > Long.MAX_VALUE - SLACK) ? Long.MAX_VALUE : bytes + SLACK;
		if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled()) {
			return decoder;
		}
		return input -> {
			long before = THREADS.getCurrentThreadAllocatedBytes();
			try {
				return decoder.decode(input);
			}
			finally {
				long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
				if (allocated > bound) {
					throw new AssertionError("one decode allocated " + allocated + " bytes, more than the bound of " + bound);
				}
			}
		};
	}

}
