package org.ackgate.support;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class after which a Netty buffer turned up unreleased. The first integration-test
 * pass runs Netty's leak detector at its paranoid level (pom.xml), which tracks every buffer and
 * reports one that the collector found unreleased, with the places it was last touched. It
 * reports only after a collection, and only when it next tracks a buffer; so after each class
 * this collects, waits until the collected buffers are queued for the detector, and has it track
 * one more. Registered for every test class through JUnit's extension auto-detection
 * ({@code junit-platform.properties}); idle unless the level is paranoid, as in the unit tests
 * and the blocking-transport pass. A leak found here may come from an earlier class whose buffer
 * was still reachable then: the detector's records say where it was allocated and last touched.
 */
public final class NettyLeakGuard implements AfterAllCallback {

	/** A full collection's weak references reach their queues within this; usually in milliseconds. */
	private static final Duration QUEUED_WITHIN = Duration.ofSeconds(10);

	private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

	static {
		ByteBufUtil.setLeakListener((resourceType, records) -> LEAKS.add(resourceType + records));
	}

	@Override
	public void afterAll(ExtensionContext context) throws InterruptedException {
		if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
			return;
		}
		List<String> leaks = collectLeaks();
		if (!leaks.isEmpty()) {
			throw new AssertionError(leaks.size() + " Netty buffer(s) collected without being released, found after "
					+ context.getDisplayName() + ":\n" + String.join("\n", leaks));
		}
	}

	/**
	 * The leaks the detector reports once every unreachable buffer has been collected; empty when
	 * none. Needs the paranoid level: below it the detector looks at its queue only now and then.
	 */
	public static List<String> collectLeaks() throws InterruptedException {
		// Two rounds: the JDK's reference handler queues each collection's references as one batch,
		// so once the second round's marker is queued, every reference of the first one is too.
		for (int round = 0; round < 2; round++) {
			ReferenceQueue<Object> queued = new ReferenceQueue<>();
			WeakReference<Object> marker = new WeakReference<>(new Object(), queued);
			System.gc();
			boolean markerQueued = queued.remove(QUEUED_WITHIN.toMillis()) != null;
			// a reference that is itself unreachable is never queued
			Reference.reachabilityFence(marker);
			if (!markerQueued) {
				throw new IllegalStateException("a full collection's references were not queued within " + QUEUED_WITHIN);
			}
		}
		// The detector reports what its queue holds when it tracks a new buffer.
		PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
		List<String> leaks = new ArrayList<>();
		for (String leak; (leak = LEAKS.poll()) != null;) {
			leaks.add(leak);
		}
		return leaks;
	}

}
