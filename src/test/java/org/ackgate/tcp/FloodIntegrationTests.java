package org.ackgate.tcp;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.management.UnixOperatingSystemMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Floods on real sockets against the in-process service: thousands of connections at once
 * against a connection limit, and a peer that writes without ever reading its acks. Each test
 * names the bound it attacks; removing the bound makes it fail (the notes in each say how).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FloodIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(FloodIntegrationTests.class);

	private static final int LIMIT = 200;

	private static final int ESTABLISHED = 16;

	private static final int ACK_BOUND_SECONDS = 2;

	/** Each established client's ack must come back within this, flood or not. */
	private static final Duration ACK_BOUND = Duration.ofSeconds(ACK_BOUND_SECONDS);

	/**
	 * Bound: {@code max-connections}. 5,000 connects at once from 32 threads, while 16 established
	 * clients keep sending: the service never holds more than the limit, every connect beyond it
	 * is accepted by the kernel and then closed and counted as {@code limit} (exactly), the
	 * established clients get every ack, byte for byte, each within {@value #ACK_BOUND_SECONDS} s, and
	 * once the flood is gone a new client is served. (With the limit at 10,000, the default, the
	 * active count passes 200 and the rejected count is 0: the test fails.)
	 */
	@Test
	void fiveThousandConnectsAtOnceHitTheLimitAndEstablishedClientsKeepGettingAcks() throws Exception {
		int flood = floodSize(5000);
		try (TestService service = TestService.start(onlyLine("ackgate.line.max-connections=" + LIMIT))) {
			int port = service.linePort();
			EndpointServerConnectionFactory line = service.factory("lineConnectionFactory");
			AtomicInteger rejectedAtLimit = new AtomicInteger();
			line.events().addObserver(new ConnectionObserver() {

				@Override
				public void rejected(String endpoint, CloseReason reason) {
					if (reason == CloseReason.LIMIT) {
						rejectedAtLimit.incrementAndGet();
					}
				}

			});
			MeterRegistry meters = service.context().getBean(MeterRegistry.class);
			double limitClosedBefore = closedCount(meters, "limit");

			AtomicBoolean flooding = new AtomicBoolean(true);
			List<Throwable> clientFailures = new CopyOnWriteArrayList<>();
			AtomicLong acks = new AtomicLong();
			List<Thread> established = new ArrayList<>();
			List<RawClient> steady = new ArrayList<>();
			for (int i = 0; i < ESTABLISHED; i++) {
				RawClient client = RawClient.connect(port);
				client.socket().setSoTimeout((int) ACK_BOUND.toMillis());
				steady.add(client);
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> line.admission().activeConnections() == ESTABLISHED);
			for (int i = 0; i < ESTABLISHED; i++) {
				RawClient client = steady.get(i);
				String prefix = "steady " + i + " ";
				Thread thread = new Thread(() -> {
					try {
						for (int n = 0; flooding.get() || n < 10; n++) {
							client.write(prefix + n + "\n");
							byte[] expected = ack(prefix + n);
							assertThat(client.read(expected.length)).isEqualTo(expected);
							acks.incrementAndGet();
						}
					}
					catch (Throwable ex) {
						clientFailures.add(ex);
					}
				}, "steady-" + i);
				thread.start();
				established.add(thread);
			}

			AtomicInteger maxActive = new AtomicInteger();
			// Sampled every millisecond, not spun on: a spinning sampler would take a core from the server.
			ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
			sampler.scheduleAtFixedRate(() -> maxActive.accumulateAndGet(line.admission().activeConnections(), Math::max),
					0, 1, TimeUnit.MILLISECONDS);

			ConcurrentLinkedQueue<Socket> opened = new ConcurrentLinkedQueue<>();
			AtomicInteger connectFailures = new AtomicInteger();
			long started = System.nanoTime();
			ExecutorService connectors = Executors.newFixedThreadPool(32);
			try {
				List<Future<?>> work = new ArrayList<>();
				for (int i = 0; i < flood; i++) {
					work.add(connectors.submit(() -> {
						Socket socket = new Socket();
						try {
							socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
							opened.add(socket);
						}
						catch (IOException ex) {
							connectFailures.incrementAndGet();
							closeQuietly(socket);
						}
					}));
				}
				for (Future<?> future : work) {
					future.get(60, TimeUnit.SECONDS);
				}
				Duration connecting = Duration.ofNanos(System.nanoTime() - started);
				int connected = opened.size();
				int expectedRejections = connected - (LIMIT - ESTABLISHED);
				await().atMost(Duration.ofSeconds(20)).until(() -> rejectedAtLimit.get() >= expectedRejections);
				flooding.set(false);
				for (Thread thread : established) {
					thread.join(10_000);
				}
				sampler.shutdown();
				sampler.awaitTermination(5, TimeUnit.SECONDS);
				log.info("{} connects in {} ms ({} failed to connect); {} rejected at the limit; at most {} active; "
						+ "{} acks to the established clients meanwhile", flood, connecting.toMillis(),
						connectFailures.get(), rejectedAtLimit.get(), maxActive.get(), acks.get());

				assertThat(clientFailures).as("established clients' failures").isEmpty();
				assertThat(connectFailures.get()).as("connects the kernel did not complete").isZero();
				assertThat(maxActive.get()).as("connections held at once").isLessThanOrEqualTo(LIMIT);
				assertThat(rejectedAtLimit.get()).isEqualTo(expectedRejections);
				assertThat(closedCount(meters, "limit") - limitClosedBefore).isEqualTo(expectedRejections);
				assertThat(acks.get()).isGreaterThanOrEqualTo(ESTABLISHED * 10L);
			}
			finally {
				flooding.set(false);
				sampler.shutdownNow();
				connectors.shutdownNow();
				opened.forEach(FloodIntegrationTests::closeQuietly);
				for (RawClient client : steady) {
					client.close();
				}
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> line.admission().activeConnections() == 0);
			try (RawClient after = RawClient.connect(port)) {
				after.write("after the flood\n");
				assertThat(after.read(ack("after the flood").length)).isEqualTo(ack("after the flood"));
			}
		}
	}

	/**
	 * Bound: {@code write-timeout}, and no queue of acks behind it. A peer writes 1,000-byte lines
	 * as fast as it can and never reads: the service writes acks until the socket buffers are full,
	 * then its connection thread blocks on the write and reads nothing more, so what it handed off
	 * stops growing at a few thousand messages while the peer had 50,000 to send, and the heap stays
	 * flat; after the write timeout the connection is closed as {@code idle}, and another client is
	 * served throughout. (Without the write timeout the peer stays connected forever and the test
	 * fails; a service that queued acks instead of blocking would hand off all 50,000.)
	 */
	@Test
	void aPeerThatNeverReadsItsAcksIsReadNoFurtherThanItsBuffersThenCutOff() throws Exception {
		neverReadingPeer(Duration.ofSeconds(60));
	}

	/*
	 * The messages a non-reading peer sent while its acks piled up wait unread (on the event-loop
	 * transport, in the connection's buffer): that is the write timeout's case, not a slow sender's,
	 * even when the message timeout is the shorter one.
	 */
	@Test
	void aPeerThatNeverReadsItsAcksIsCutOffForThatEvenWithAShorterMessageTimeout() throws Exception {
		neverReadingPeer(Duration.ofSeconds(1));
	}

	private void neverReadingPeer(Duration messageTimeout) throws Exception {
		Duration writeTimeout = Duration.ofSeconds(3);
		try (TestService service = TestService.start(onlyLine("ackgate.line.write-timeout=" + writeTimeout.toMillis() + "ms",
				"ackgate.line.read-timeout=60s", "ackgate.line.message-timeout=" + messageTimeout.toMillis() + "ms"))) {
			EndpointServerConnectionFactory endpoint = service.factory("lineConnectionFactory");
			AtomicLong handedOff = new AtomicLong();
			List<CloseReason> reasons = new CopyOnWriteArrayList<>();
			endpoint.events().addObserver(new ConnectionObserver() {

				@Override
				public void messageReceived(String endpoint, int payloadBytes) {
					handedOff.incrementAndGet();
				}

				@Override
				public void closed(String endpoint, CloseReason reason) {
					reasons.add(reason);
				}

			});
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			long heapBefore = heapAfterGc(memory);
			long poolBefore = pooledHeap();
			int lines = 50_000;
			byte[] line = ("n".repeat(999) + "\n").getBytes(StandardCharsets.US_ASCII);
			AtomicLong written = new AtomicLong();
			long started = System.nanoTime();
			try (Socket socket = new Socket(); RawClient other = RawClient.connect(service.linePort())) {
				socket.setReceiveBufferSize(4096);
				socket.connect(new InetSocketAddress("127.0.0.1", service.linePort()), 5000);
				OutputStream output = socket.getOutputStream();
				Thread writer = new Thread(() -> {
					try {
						for (int i = 0; i < lines; i++) {
							output.write(line);
							written.addAndGet(line.length);
						}
					}
					catch (IOException expected) {
						// the service gave up on this peer
					}
				}, "never-reads");
				writer.start();

				// The plateau: nothing more is handed off while the peer is stuck, before the write timeout.
				await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(new Plateau(handedOff)::reached);
				long plateau = handedOff.get();
				long heapDuring = heapAfterGc(memory);
				long poolDuring = pooledHeap();
				other.write("still served\n");
				assertThat(other.read(ack("still served").length)).isEqualTo(ack("still served"));

				await().atMost(writeTimeout.plus(Duration.ofSeconds(5))).until(() -> reasons.contains(CloseReason.IDLE));
				Duration cutOffAfter = Duration.ofNanos(System.nanoTime() - started);
				writer.join(10_000);
				log.info("Never-reading peer: {} of {} lines handed off (plateau {}), {} KiB written before the stall, "
						+ "heap {} -> {} KiB (of it in the buffer pool's chunks {} -> {} KiB), cut off after {} ms", handedOff.get(),
						lines, plateau, written.get() / 1024, heapBefore / 1024, heapDuring / 1024, poolBefore / 1024,
						poolDuring / 1024, cutOffAfter.toMillis());

				assertThat(plateau).as("messages handed off while the peer never read").isLessThan(10_000);
				assertThat(handedOff.get()).as("the other client's line, and nothing more").isEqualTo(plateau + 1);
				assertThat(written.get()).as("the peer was stopped by TCP, not by running out of lines")
					.isLessThan((long) lines * line.length);
				// Netty's pool takes whole 4 MiB chunks the first time a size is asked for (on io_uring,
				// which reads in bigger batches, two or four of them) and keeps them for reuse whatever
				// happens: not what the stall holds.
				assertThat((heapDuring - heapBefore) - (poolDuring - poolBefore))
					.as("heap growth while stalled, outside the buffer pool's chunks").isLessThan(16L << 20);
				assertThat(poolDuring - poolBefore).as("buffer pool chunks taken while stalled").isLessThan(32L << 20);
				assertThat(reasons).containsExactly(CloseReason.IDLE);
				assertThat(cutOffAfter).isLessThan(writeTimeout.plus(Duration.ofSeconds(8)));
			}
		}
	}

	/** True once the count has not moved for a second. */
	private static final class Plateau {

		private final AtomicLong count;

		private long last = -1;

		private long since;

		Plateau(AtomicLong count) {
			this.count = count;
		}

		boolean reached() {
			long now = System.nanoTime();
			long value = this.count.get();
			if (value != this.last) {
				this.last = value;
				this.since = now;
				return false;
			}
			return value > 0 && now - this.since >= TimeUnit.SECONDS.toNanos(1);
		}

	}

	/** As many connections as asked, or fewer when the process may not open that many files. */
	private static int floodSize(int wanted) {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
			long spare = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount() - 1000;
			// The client's socket and, briefly, the server's side of it.
			long possible = spare / 2;
			assumeTrue(possible >= 1000, "a flood needs at least 3,000 free file descriptors; the limit is "
					+ os.getMaxFileDescriptorCount() + " (ulimit -n)");
			if (possible < wanted) {
				log.warn("Flooding with {} connections instead of {}: the file limit is {}", possible, wanted,
						os.getMaxFileDescriptorCount());
				return (int) possible;
			}
		}
		return wanted;
	}

	private static long heapAfterGc(MemoryMXBean memory) {
		System.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

	private static double closedCount(MeterRegistry meters, String reason) {
		return meters.get("ackgate.connections.closed").tags("endpoint", "line", "reason", reason).counter().count();
	}

	/** The heap Netty's shared pool holds in chunks (the event-loop transport's buffers come from it). */
	private static long pooledHeap() {
		return PooledByteBufAllocator.DEFAULT.metric().usedHeapMemory();
	}

	private static byte[] ack(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private static String[] onlyLine(String... properties) {
		List<String> all = new ArrayList<>(List.of("ackgate.framed.enabled=false", "ackgate.time.enabled=false",
				"ackgate.udp.enabled=false"));
		all.addAll(Arrays.asList(properties));
		return all.toArray(String[]::new);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing to do
		}
	}

}
