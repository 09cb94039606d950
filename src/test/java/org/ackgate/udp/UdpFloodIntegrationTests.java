package org.ackgate.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.ackgate.support.ProcNet;
import org.ackgate.support.TestService;
import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bounds: the per-source rate limit and the bounded worker queue, under 10,000 garbage datagrams a
 * second for five seconds from one address (random bytes of random length, NTP control and private
 * packets, truncated NTP) while a client on another address asks for the time four times a second.
 * The valid client gets every answer, each within a second; the flood's own address gets almost
 * nothing back (no amplification); everything the service read of the flood is accounted for in
 * its counters. (With {@code rate-limit.enabled=false} the flood's address gets thousands of
 * replies and the test fails.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TransportIndependent
class UdpFloodIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(UdpFloodIntegrationTests.class);

	private static final int RATE = 10_000;

	private static final Duration FLOOD = Duration.ofSeconds(5);

	/** Each paced at a whole number of datagrams per millisecond. */
	private static final int FLOOD_SOCKETS = 5;

	@Test
	void aGarbageFloodFromOneAddressNeitherStarvesAnotherClientNorGetsAmplified() throws Exception {
		try (TestService service = TestService.start("ackgate.line.enabled=false", "ackgate.framed.enabled=false",
				"ackgate.time.enabled=false", "ackgate.udp.rate-limit.enabled=true")) {
			InetSocketAddress server = new InetSocketAddress("127.0.0.1", service.udpPort());
			MeterRegistry meters = service.context().getBean(MeterRegistry.class);
			AtomicBoolean flooding = new AtomicBoolean(true);
			AtomicLong sent = new AtomicLong();
			AtomicLong repliesToFlood = new AtomicLong();
			List<DatagramSocket> floodSockets = new ArrayList<>();
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < FLOOD_SOCKETS; i++) {
				DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
				socket.setSoTimeout(100);
				floodSockets.add(socket);
				threads.add(new Thread(() -> flood(socket, server, RATE / FLOOD_SOCKETS, flooding, sent), "udp-flood-" + i));
				threads.add(new Thread(() -> countReplies(socket, flooding, repliesToFlood), "udp-flood-replies-" + i));
			}
			List<Duration> answered = new CopyOnWriteArrayList<>();
			List<String> failures = new CopyOnWriteArrayList<>();
			try (DatagramSocket valid = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
				valid.setSoTimeout(1000);
				threads.forEach(Thread::start);
				long end = System.nanoTime() + FLOOD.toNanos();
				int asked = 0;
				while (System.nanoTime() < end) {
					asked++;
					byte[] request = "获取时间".getBytes(StandardCharsets.UTF_8);
					long started = System.nanoTime();
					valid.send(new DatagramPacket(request, request.length, server));
					DatagramPacket reply = new DatagramPacket(new byte[512], 512);
					try {
						valid.receive(reply);
						String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
						Instant time = OffsetDateTime.parse(text).toInstant();
						if (Duration.between(time, Instant.now()).abs().compareTo(Duration.ofSeconds(5)) > 0) {
							failures.add("request " + asked + ": a wrong time " + text);
						}
						answered.add(Duration.ofNanos(System.nanoTime() - started));
					}
					catch (SocketTimeoutException ex) {
						failures.add("request " + asked + ": no answer within 1 s");
					}
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
				}
				flooding.set(false);
				for (Thread thread : threads) {
					thread.join(5000);
				}
				double limited = sum(meters, "ackgate.udp.rate.limited");
				double requests = sum(meters, "ackgate.udp.requests");
				double dropped = sum(meters, "ackgate.udp.dropped");
				log.info("UDP flood: {} garbage datagrams in {} s, {} replies to the flooding address; service counted "
						+ "{} requests, {} rate limited, {} dropped; valid client: {} of {} answered, slowest {} ms",
						sent.get(), FLOOD.toSeconds(), repliesToFlood.get(), (long) requests, (long) limited,
						(long) dropped, answered.size(), asked,
						answered.stream().mapToLong(Duration::toMillis).max().orElse(-1));

				assertThat(failures).isEmpty();
				assertThat(answered).hasSize(asked);
				assertThat(sent.get()).as("the flood ran at its rate").isGreaterThan(RATE * FLOOD.toSeconds() * 8 / 10);
				assertThat(repliesToFlood.get()).as("replies to the flooding address").isLessThan(200);
				// What the receivers did not read in time the kernel dropped from their sockets' receive
				// buffers (queue-capacity), and counted per socket; everything else was read and counted.
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(sum(meters, "ackgate.udp.requests") + sum(meters, "ackgate.udp.dropped")
							+ kernelDrops(service.udpPort()))
						.as("garbage the service read and accounted for, or the kernel dropped and counted")
						.isGreaterThan(sent.get() * 0.9));
				// Of what was read, not of what was sent: the kernel's drops never reached the limiter.
				assertThat(sum(meters, "ackgate.udp.rate.limited")).as("rate limited of what the service read")
					.isGreaterThan(sum(meters, "ackgate.udp.requests") * 0.5);
			}
			finally {
				flooding.set(false);
				floodSockets.forEach(DatagramSocket::close);
			}
		}
	}

	/** Paced garbage: every millisecond, this socket's share of the rate. */
	private static void flood(DatagramSocket socket, InetSocketAddress server, int perSecond, AtomicBoolean flooding,
			AtomicLong sent) {
		SplittableRandom random = new SplittableRandom(socket.getLocalPort());
		long next = System.nanoTime();
		int perMillisecond = Math.max(1, perSecond / 1000);
		try {
			while (flooding.get()) {
				for (int i = 0; i < perMillisecond; i++) {
					byte[] garbage = garbage(random);
					socket.send(new DatagramPacket(garbage, garbage.length, server));
					sent.incrementAndGet();
				}
				next += TimeUnit.MILLISECONDS.toNanos(1);
				LockSupport.parkNanos(next - System.nanoTime());
			}
		}
		catch (IOException ex) {
			// the socket was closed at the end
		}
	}

	private static byte[] garbage(SplittableRandom random) {
		byte[] bytes;
		switch (random.nextInt(4)) {
			case 0 -> {
				// NTP mode 6 (control) or 7 (private): the classic amplifiers, never answered.
				bytes = new byte[48];
				bytes[0] = (byte) ((4 << 3) | (6 + random.nextInt(2)));
			}
			case 1 -> {
				// A client-mode NTP header cut short.
				bytes = new byte[1 + random.nextInt(47)];
				bytes[0] = (byte) ((4 << 3) | 3);
			}
			default -> {
				bytes = new byte[random.nextInt(513)];
				random.nextBytes(bytes);
			}
		}
		return bytes;
	}

	private static void countReplies(DatagramSocket socket, AtomicBoolean flooding, AtomicLong replies) {
		DatagramPacket packet = new DatagramPacket(new byte[1024], 1024);
		while (flooding.get() && !socket.isClosed()) {
			try {
				socket.receive(packet);
				replies.incrementAndGet();
			}
			catch (SocketTimeoutException ex) {
				// keep listening while the flood runs
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private static double sum(MeterRegistry meters, String name) {
		return meters.find(name).tag("endpoint", "udp").counters().stream().mapToDouble(Counter::count).sum();
	}


	/**
	 * Datagrams the kernel dropped from the sockets bound to this port because their receive
	 * buffers were full: the last column of /proc/net/udp and udp6, summed over the port's sockets
	 * (one per receiver); 0 where /proc does not say.
	 */
	private static long kernelDrops(int port) throws IOException {
		long drops = 0;
		for (String[] fields : ProcNet.onPort(port, "udp", "udp6")) {
			if (fields[fields.length - 1].matches("\\d+")) {
				drops += Long.parseLong(fields[fields.length - 1]);
			}
		}
		return drops;
	}

}
