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

				// The holders go; their memory comes back, and as many can hold a message again.
				for (RawClient client : clients) {
					client.close();
				}
				clients.clear();
				Thread.sleep(1000);
				int before = closedLines(service);
				for (int i = 0; i < 300; i++) {
					clients.add(RawClient.connect(port).write(UNFINISHED));
				}
				assertAcked(port, "after");
				for (RawClient client : clients) {
					assertThat(client.closedByServer(CLOSED_WITHIN)).as("a holder after the memory came back").isFalse();
				}
				assertThat(closedLines(service)).isEqualTo(before);
			}
			finally {
				for (RawClient client : clients) {
					client.close();
				}
			}
		}
	}

	private static int closedLines(ServiceProcess service) {
		return (int) service.output().stream().filter(line -> line.contains("would hold more than")).count();
	}

	private static void assertAcked(int port, String line) throws Exception {
		try (RawClient probe = RawClient.connect(port)) {
			assertThat(probe.write(line + "\n").readText(FileLimitIntegrationTests.ack(line)))
				.isEqualTo("已接收: " + line + "\n");
		}
	}

}
