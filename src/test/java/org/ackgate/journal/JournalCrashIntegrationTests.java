package org.ackgate.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.ackgate.journal.cli.JournalCli;
import org.ackgate.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} under load loses no acked message: the service runs as its own JVM with
 * {@code fsync: always}, 32 clients send numbered lines and note every ack, the JVM is killed at
 * several points mid-load and restarted on the same directory each time (the last time recovered in
 * this JVM); in the end every acked message is in the journal exactly once and {@code journal dump}
 * finds no corrupt record.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JournalCrashIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(JournalCrashIntegrationTests.class);

	private static final int CLIENTS = 32;

	/** How long the load runs before each kill. */
	private static final List<Duration> KILL_POINTS = List.of(Duration.ofMillis(300), Duration.ofMillis(900),
			Duration.ofMillis(1500));

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	@TempDir
	Path directory;

	@Test
	void killNineMidLoadLosesNoAckedMessageAndLeavesNoCorruptRecord() throws Exception {
		Path javaHome = Path.of(System.getProperty("java.home"));
		String[] journal = { "ackgate.journal.enabled=true", "ackgate.journal.directory=" + this.directory,
				"ackgate.journal.fsync=always", "ackgate.journal.segment-size=256KB" };
		Set<String> acked = ConcurrentHashMap.newKeySet();
		for (int round = 0; round < KILL_POINTS.size(); round++) {
			try (ServiceProcess service = ServiceProcess.start(javaHome, journal)) {
				int port = service.linePort(START_TIMEOUT);
				List<Thread> clients = new ArrayList<>();
				for (int client = 0; client < CLIENTS; client++) {
					String prefix = "k" + round + "-c" + client + "-";
					Thread thread = new Thread(() -> send(port, prefix, acked), "crash-client-" + client);
					thread.start();
					clients.add(thread);
				}
				Thread.sleep(KILL_POINTS.get(round).toMillis());
				service.kill();
				for (Thread thread : clients) {
					thread.join(TimeUnit.SECONDS.toMillis(30));
				}
				log.info("Round {}: killed after {} ms; {} messages acked so far", round,
						KILL_POINTS.get(round).toMillis(), acked.size());
			}
		}
		// The last kill's tail is recovered as a restart recovers it, without a fourth JVM start.
		List<String> truncations = new ArrayList<>();
		JournalEvents events = new JournalEvents() {
			@Override
			public void tailTruncated(Path segment, long position, long bytesRemoved, String problem) {
				truncations.add(segment.getFileName() + "@" + position);
			}
		};
		Journal.open(new JournalSettings(this.directory, FsyncPolicy.ALWAYS, Duration.ofSeconds(1), 256 * 1024,
				1L << 30, Duration.ofDays(1)), java.time.Clock.systemUTC(), JournalStorage.FILES, events).close();
		log.info("Recovery after the last kill cut {} torn tail(s) {}", truncations.size(), truncations);

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
		assertThat(acked).as("the load got going").hasSizeGreaterThan(CLIENTS);
		List<String> missing = acked.stream().filter(message -> !journaled.containsKey(message)).sorted().toList();
		assertThat(missing).as("acked but not in the journal").isEmpty();
		assertThat(journaled.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).toList())
			.as("in the journal more than once").isEmpty();
		log.info("{} messages acked, {} records in the journal (the rest were written but never acked)", acked.size(),
				journaled.size());
	}

	/** Sends numbered lines one at a time, noting each one whose ack came back whole, until the connection dies. */
	private static void send(int port, String prefix, Set<String> acked) {
		try (Socket socket = new Socket()) {
			socket.setTcpNoDelay(true);
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(10_000);
			OutputStream output = socket.getOutputStream();
			InputStream input = socket.getInputStream();
			for (int n = 0; n < 1_000_000; n++) {
				String message = prefix + n;
				output.write((message + "\n").getBytes(StandardCharsets.UTF_8));
				byte[] expected = ("已接收: " + message + "\n").getBytes(StandardCharsets.UTF_8);
				byte[] ack = input.readNBytes(expected.length);
				if (!java.util.Arrays.equals(ack, expected)) {
					return;
				}
				acked.add(message);
			}
		}
		catch (IOException ex) {
			// The service was killed: what was acked is noted.
		}
	}

}
