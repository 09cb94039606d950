package org.ackgate.tcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.ackgate.support.RawClient;
import org.ackgate.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that each leave a long message unfinished, more of them than the heap holds: the
 * service closes the connections that would take the sum past
 * {@code ackgate.tcp.incomplete-message-memory} (half the heap by default) instead of running out
 * of heap, serves everyone else, and gives the memory back when the holders close. In a JVM of its
 * own with a 96 MiB heap, 2,000 clients holding 65,000 bytes each (130 MB) ended the process with
 * {@code OutOfMemoryError} on both transports before the limit existed. Runs on both transports
 * (the suite's second pass, through {@link ServiceProcess}).
 */
class IncompleteMessageMemoryIntegrationTests {

	private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

	private static final int CLIENTS = 2000;

	private static final byte[] UNFINISHED = new byte[65_000];

	/** Long enough for a close that already happened to have arrived; a held connection just stays silent. */
	private static final Duration CLOSED_WITHIN = Duration.ofMillis(5);

	static {
		Arrays.fill(UNFINISHED, (byte) 'x');
	}

	@Test
	void connectionsPastTheLimitAreClosedTheServiceServesOnAndTheMemoryComesBack() throws Exception {
		try (ServiceProcess service = ServiceProcess.startWith(JAVA_HOME, List.of("-Xmx96m"),
				ServiceProcess.lineOnly("ackgate.line.read-timeout=2m",
						"ackgate.line.message-timeout=2m"))) {
			int port = service.linePort(Duration.ofSeconds(60));
			List<RawClient> clients = new ArrayList<>();
			try {
				for (int i = 0; i < CLIENTS; i++) {
					clients.add(RawClient.connect(port).write(UNFINISHED));
				}
				await().atMost(Duration.ofSeconds(30)).until(() -> service.output().stream()
					.anyMatch(line -> line.contains("line connection from ") && line.contains(" closed: the incomplete "
							+ "messages of all connections would hold more than ackgate.tcp.incomplete-message-memory (")));
				int closed = 0;
				for (RawClient client : clients) {
					if (client.closedByServer(CLOSED_WITHIN)) {
						closed++;
					}
				}
				// Half of 96 MiB holds about 700 of them on the event loops (a 64 KiB buffer each), and
				// about 370 with a thread each (its 64 KiB read buffer and the line gathered so far): the
				// rest were closed.
				assertThat(closed).as("closed for the memory limit").isBetween(CLIENTS / 4, CLIENTS - 300);
				assertThat(service.isAlive()).isTrue();
				assertThat(service.output()).noneMatch(line -> line.contains("OutOfMemoryError"));
				assertAcked(port, "probe");

				// The holders go; their memory comes back as their closes are read, and nearly as many can
				// hold a message again: within a bound, a batch of three quarters of those kept is kept
				// whole. (A connection's read buffer not given back would have left room for about half.)
				for (RawClient client : clients) {
					client.close();
				}
				clients.clear();
				int batch = (CLIENTS - closed) * 3 / 4;
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
					.untilAsserted(() -> assertThat(holdersKept(port, batch)).as("holders kept after the memory came back")
						.isEqualTo(batch));
				assertAcked(port, "after");
			}
			finally {
				for (RawClient client : clients) {
					client.close();
				}
			}
		}
	}

	/** Opens this many holders, counts those the service keeps, and closes them all. */
	private static int holdersKept(int port, int holders) throws Exception {
		List<RawClient> batch = new ArrayList<>();
		try {
			for (int i = 0; i < holders; i++) {
				batch.add(RawClient.connect(port).write(UNFINISHED));
			}
			// By a probe's ack the batch was accepted and its lines are being read: a close for memory comes then.
			assertAcked(port, "batch");
			int kept = 0;
			for (RawClient client : batch) {
				if (!client.closedByServer(CLOSED_WITHIN)) {
					kept++;
				}
			}
			return kept;
		}
		finally {
			for (RawClient client : batch) {
				client.close();
			}
		}
	}

	private static void assertAcked(int port, String line) throws Exception {
		try (RawClient probe = RawClient.connect(port)) {
			assertThat(probe.write(line + "\n").readText(FileLimitIntegrationTests.ack(line)))
				.isEqualTo("已接收: " + line + "\n");
		}
	}

}
