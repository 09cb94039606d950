package org.ackgate.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.ackgate.support.ServiceProcess;
import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that each leave a long message unfinished, more of them than the heap holds: the
 * event-loop transport closes the connections that would take the sum past
 * {@code ackgate.tcp.incomplete-message-memory} (half the heap by default) instead of running out
 * of heap, serves everyone else, and gives the memory back when the holders close. In a JVM of its
 * own with a 96 MiB heap, 2,000 clients holding 65,000 bytes each (130 MB) ended the process with
 * {@code OutOfMemoryError} before the limit existed. The blocking transport has no such limit yet
 * (docs/deployment.md), so this runs once, on the event loops.
 */
@TransportIndependent
class IncompleteMessageMemoryIntegrationTests {

	private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

	private static final int CLIENTS = 2000;

	private static final byte[] UNFINISHED = new byte[65_000];

	static {
		Arrays.fill(UNFINISHED, (byte) 'x');
	}

	@Test
	void connectionsPastTheLimitAreClosedTheServiceServesOnAndTheMemoryComesBack() throws Exception {
		try (ServiceProcess service = ServiceProcess.startWith(JAVA_HOME, List.of("-Xmx96m"),
				List.of("ackgate.line.port=0", "ackgate.line.bind-address=127.0.0.1", "ackgate.framed.enabled=false",
						"ackgate.time.enabled=false", "ackgate.udp.enabled=false", "spring.main.web-application-type=none",
						"ackgate.tcp.transport=event-loop", "ackgate.line.read-timeout=2m",
						"ackgate.line.message-timeout=2m"))) {
			int port = service.linePort(Duration.ofSeconds(60));
			List<Socket> clients = new ArrayList<>();
			try {
				for (int i = 0; i < CLIENTS; i++) {
					Socket client = connect(port);
					client.getOutputStream().write(UNFINISHED);
					clients.add(client);
				}
				await().atMost(Duration.ofSeconds(30)).until(() -> service.output().stream()
					.anyMatch(line -> line.contains("line connection from ") && line.contains(" closed: the incomplete "
							+ "messages of all connections would hold more than ackgate.tcp.incomplete-message-memory (")));
				int closed = 0;
				for (Socket client : clients) {
					if (closedByTheServer(client)) {
						closed++;
					}
				}
				// Half of 96 MiB holds about 700 of them (a 64 KiB buffer each): the rest were closed.
				assertThat(closed).as("closed for the memory limit").isBetween(CLIENTS / 4, CLIENTS - 300);
				assertThat(service.isAlive()).isTrue();
				assertThat(service.output()).noneMatch(line -> line.contains("OutOfMemoryError"));
				assertAcked(port, "probe");

				// The holders go; their memory comes back, and as many can hold a message again.
				for (Socket client : clients) {
					client.close();
				}
				clients.clear();
				Thread.sleep(1000);
				int before = closedLines(service);
				for (int i = 0; i < 300; i++) {
					Socket client = connect(port);
					client.getOutputStream().write(UNFINISHED);
					clients.add(client);
				}
				assertAcked(port, "after");
				for (Socket client : clients) {
					assertThat(closedByTheServer(client)).as("a holder after the memory came back").isFalse();
				}
				assertThat(closedLines(service)).isEqualTo(before);
			}
			finally {
				for (Socket client : clients) {
					client.close();
				}
			}
		}
	}

	private static int closedLines(ServiceProcess service) {
		return (int) service.output().stream().filter(line -> line.contains("would hold more than")).count();
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		return socket;
	}

	/* Whether the server closed it: end of stream within a moment, where a held one just stays silent. */
	private static boolean closedByTheServer(Socket client) throws IOException {
		client.setSoTimeout(5);
		try {
			return client.getInputStream().read() < 0;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true; // reset
		}
	}

	private static void assertAcked(int port, String line) throws IOException {
		try (Socket probe = connect(port)) {
			probe.setSoTimeout(15_000);
			probe.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
			InputStream in = probe.getInputStream();
			java.io.ByteArrayOutputStream ack = new java.io.ByteArrayOutputStream();
			int b;
			while ((b = in.read()) != '\n') {
				assertThat(b).as("the ack of " + line).isNotNegative();
				ack.write(b);
			}
			assertThat(ack.toString(StandardCharsets.UTF_8)).isEqualTo("已接收: " + line);
		}
	}

}
