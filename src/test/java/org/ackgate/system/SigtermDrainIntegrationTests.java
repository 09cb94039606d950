package org.ackgate.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.ackgate.journal.cli.JournalCli;
import org.ackgate.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real SIGTERM to the service running as its own JVM, through its real {@code main}, while 50
 * clients send numbered lines as fast as their acks come back, one client holds an idle
 * connection and one has sent half a line. The journal (fsync none: the process ends normally,
 * so what was written is in the file) records every message the service handed off, which is what
 * the test checks acks against afterwards: every acked line was handed off exactly once, nothing
 * was handed off twice or invented, the half line was never acked, every connection was closed
 * within the grace period, readiness never came back once it went down, and the process exited 0
 * within the grace period plus the JVM's own teardown.
 * <p>
 * That readiness goes down while every listener still accepts is asserted deterministically,
 * in-process, by {@code HealthIntegrationTests.onShutdownReadinessGoesDownWhileEveryListenerIsStillAccepting}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SigtermDrainIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(SigtermDrainIntegrationTests.class);

	private static final int CLIENTS = 50;

	private static final Duration GRACE = Duration.ofSeconds(2);

	/** The JVM's teardown after the drain: the actuator's web server, the journal's close, the exit. */
	private static final Duration TEARDOWN = Duration.ofSeconds(4);

	@TempDir
	Path directory;

	@Test
	void sigtermUnderLoadDrainsHandsOffEveryAckedMessageOnceAndExitsZero() throws Exception {
		Path javaHome = Path.of(System.getProperty("java.home"));
		List<String> properties = List.of("ackgate.line.port=0", "ackgate.line.bind-address=127.0.0.1",
				"ackgate.framed.enabled=false", "ackgate.time.enabled=false", "ackgate.udp.enabled=false",
				"server.port=0", "management.server.port=", "server.address=127.0.0.1", "ackgate.shutdown.grace-period=" + GRACE.toMillis() + "ms",
				"ackgate.journal.enabled=true", "ackgate.journal.directory=" + this.directory, "ackgate.journal.fsync=none");
		Set<String> acked = ConcurrentHashMap.newKeySet();
		Set<String> sent = ConcurrentHashMap.newKeySet();
		AtomicIntegerArray ackCounts = new AtomicIntegerArray(CLIENTS);
		List<Thread> clients = new ArrayList<>();
		try (ServiceProcess service = ServiceProcess.startWith(javaHome, properties)) {
			int port = service.linePort(Duration.ofSeconds(60));
			await().atMost(Duration.ofSeconds(30)).until(() -> service.port("management") != null);
			Readiness readiness = new Readiness(service.port("management"));
			await().atMost(Duration.ofSeconds(10)).until(() -> readiness.poll() == 200);

			for (int client = 0; client < CLIENTS; client++) {
				int index = client;
				Thread thread = new Thread(() -> send(port, "c" + index + "-", sent, acked, ackCounts, index),
						"drain-client-" + client);
				thread.start();
				clients.add(thread);
			}
			try (Socket idle = connect(port); Socket partial = connect(port)) {
				partial.getOutputStream().write("half a line, never fini".getBytes(StandardCharsets.UTF_8));
				await().atMost(Duration.ofSeconds(30)).until(() -> allAtLeast(ackCounts, 20));

				readiness.startPolling();
				long signalled = System.nanoTime();
				service.terminate();

				assertThat(readToEnd(idle)).as("the idle connection gets nothing but its close").isEmpty();
				assertThat(readToEnd(partial)).as("half a line is never acked").isEmpty();
				Duration idleClosedAfter = Duration.ofNanos(System.nanoTime() - signalled);
				Integer exit = service.waitForExit(GRACE.plus(TEARDOWN).plus(Duration.ofSeconds(10)));
				Duration exitedAfter = Duration.ofNanos(System.nanoTime() - signalled);
				readiness.stopPolling();
				for (Thread thread : clients) {
					thread.join(TimeUnit.SECONDS.toMillis(10));
					assertThat(thread.isAlive()).as(thread.getName() + " saw its connection end").isFalse();
				}
				log.info("SIGTERM: idle connection closed after {} ms, exit {} after {} ms; {} lines acked; readiness {}",
						idleClosedAfter.toMillis(), exit, exitedAfter.toMillis(), acked.size(), readiness.outcomes());

				assertThat(exit).as("exit code after SIGTERM\n" + String.join("\n", service.output())).isZero();
				assertThat(idleClosedAfter).isLessThanOrEqualTo(GRACE.plus(Duration.ofSeconds(1)));
				assertThat(exitedAfter).isLessThan(GRACE.plus(TEARDOWN));
				assertThat(service.output()).anyMatch(line -> line.contains("SIGTERM: stopping"))
					.anyMatch(line -> line.contains("Drained the TCP endpoints"));
				assertThat(readiness.cameBackAfterGoingDown()).as("readiness %s", readiness.outcomes()).isFalse();
				assertThat(readiness.outcomes()).as("readiness was seen going down").anyMatch(outcome -> outcome != 200);
			}
		}

		Map<String, Integer> journaled = journaled();
		List<String> missing = acked.stream().filter(line -> !journaled.containsKey(line)).sorted().toList();
		assertThat(missing).as("acked but never handed off").isEmpty();
		assertThat(journaled.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).toList())
			.as("handed off more than once").isEmpty();
		assertThat(journaled.keySet()).as("handed off but never sent").isSubsetOf(sent);
		log.info("{} lines sent, {} handed off, {} acked", sent.size(), journaled.size(), acked.size());
	}

	/** Sends numbered lines one at a time, noting each whose ack came back whole, until the connection ends. */
	private static void send(int port, String prefix, Set<String> sent, Set<String> acked, AtomicIntegerArray counts,
			int index) {
		try (Socket socket = connect(port)) {
			OutputStream output = socket.getOutputStream();
			InputStream input = socket.getInputStream();
			for (int n = 0;; n++) {
				String line = prefix + n;
				sent.add(line);
				output.write((line + "\n").getBytes(StandardCharsets.UTF_8));
				byte[] expected = ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
				byte[] ack = input.readNBytes(expected.length);
				if (!Arrays.equals(ack, expected)) {
					return;
				}
				acked.add(line);
				counts.incrementAndGet(index);
			}
		}
		catch (IOException ex) {
			// Closed by the drain (or refused after it began): what was acked is noted.
		}
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.setTcpNoDelay(true);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(15_000);
		return socket;
	}

	private static byte[] readToEnd(Socket socket) throws IOException {
		try {
			return socket.getInputStream().readAllBytes();
		}
		catch (java.net.SocketException ex) {
			return new byte[0];
		}
	}

	private static boolean allAtLeast(AtomicIntegerArray counts, int minimum) {
		for (int i = 0; i < counts.length(); i++) {
			if (counts.get(i) < minimum) {
				return false;
			}
		}
		return true;
	}

	private Map<String, Integer> journaled() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = JournalCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8), "dump", "--directory", this.directory.toString());
		assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
		assertThat(status).isZero();
		Map<String, Integer> journaled = new HashMap<>();
		out.toString(StandardCharsets.UTF_8).lines().forEach(line -> {
			String payload = line.substring(line.indexOf(" \"") + 2, line.length() - 1);
			journaled.merge(payload, 1, Integer::sum);
		});
		return journaled;
	}

	/** Polls /actuator/health/readiness: 200, 503, or 0 once the actuator no longer answers. */
	private static final class Readiness {

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

		private final URI uri;

		private final List<Integer> outcomes = new CopyOnWriteArrayList<>();

		private final AtomicBoolean polling = new AtomicBoolean();

		private Thread poller;

		Readiness(int port) {
			this.uri = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
		}

		int poll() {
			try {
				HttpRequest request = HttpRequest.newBuilder(this.uri).timeout(Duration.ofSeconds(2)).GET().build();
				return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			}
			catch (ConnectException ex) {
				return 0;
			}
			catch (IOException ex) {
				return 0;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return 0;
			}
		}

		void startPolling() {
			this.polling.set(true);
			this.poller = new Thread(() -> {
				while (this.polling.get()) {
					int outcome = poll();
					if (this.outcomes.isEmpty() || this.outcomes.get(this.outcomes.size() - 1) != outcome) {
						this.outcomes.add(outcome);
					}
					if (outcome == 0) {
						return;
					}
				}
			}, "readiness-poller");
			this.poller.start();
		}

		void stopPolling() throws InterruptedException {
			this.polling.set(false);
			this.poller.join(5000);
		}

		/** The distinct outcomes in the order they were seen, e.g. [200, 503, 0]. */
		List<Integer> outcomes() {
			return this.outcomes;
		}

		boolean cameBackAfterGoingDown() {
			int down = -1;
			for (int i = 0; i < this.outcomes.size(); i++) {
				if (this.outcomes.get(i) != 200) {
					down = i;
					break;
				}
			}
			return down >= 0 && this.outcomes.subList(down, this.outcomes.size()).contains(200);
		}

	}

}
