package org.ackgate.tcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.ackgate.support.RawClient;
import org.ackgate.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process out of file descriptors: more clients than it may open files for. Each accept that
 * fails is counted and the endpoint pauses its accepts ({@link AcceptShortage}), rather than
 * stopping for good (the blocking transport's accept loop did: "Error on ServerSocket", the port
 * closed) or retrying at once (io_uring's multishot accept did: both cores and millions of WARN
 * lines a minute). The clients beyond the limit wait in the listen backlog, and once held
 * connections close they are accepted and get the ack for the line they sent while waiting.
 * Runs on both transports (the suite's second pass, through {@link ServiceProcess}), in a JVM of
 * its own under {@code ulimit -n}, from the packaged jar as users run it.
 */
class FileLimitIntegrationTests {

	private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

	private static final int FILE_LIMIT = 400;

	/** Connections beyond the limit: they wait in the backlog while the others are held. */
	private static final int WAITING = 40;

	@Test
	void aProcessOutOfFileDescriptorsPausesItsAcceptsAndServesTheWaitingClientsOnceDescriptorsFree()
			throws Exception {
		try (ServiceProcess service = ServiceProcess.startJarWithFileLimit(JAVA_HOME, FILE_LIMIT,
				"ackgate.line.read-timeout=2m")) {
			int port = service.linePort(Duration.ofSeconds(60));
			assertThat(service.output()).as("said at startup").anyMatch(line -> line.contains("The TCP endpoints may "
					+ "hold 10000 connections (max-connections: line 10000), each a file descriptor, but this process "
					+ "may open only " + FILE_LIMIT + " files"));
			// One exchange first, so that what serves a connection is loaded before descriptors run out.
			try (RawClient first = RawClient.connect(port)) {
				assertThat(first.write("first\n").readText(ack("first"))).isEqualTo("已接收: first\n");
			}
			long used = openFiles(service.pid());
			List<RawClient> held = new ArrayList<>();
			List<RawClient> waiting = new ArrayList<>();
			try {
				// Until the process has no descriptor left: every one of these is accepted.
				for (long i = used; i < FILE_LIMIT; i++) {
					held.add(RawClient.connect(port));
				}
				for (int i = 0; i < WAITING; i++) {
					waiting.add(RawClient.connect(port).write("waiting " + i + "\n"));
				}
				await().atMost(Duration.ofSeconds(30)).until(() -> service.output().stream()
					.anyMatch(line -> line.contains("line endpoint cannot accept connections: the process has no file "
							+ "descriptors left (Too many open files; it may open " + FILE_LIMIT + "; ")));

				// Paused, not spinning: a retry each 100 ms per listening socket costs next to nothing.
				Thread.sleep(500);
				long cpuBefore = cpuMillis(service.pid());
				int linesBefore = shortageLines(service);
				Thread.sleep(2000);
				assertThat(cpuMillis(service.pid()) - cpuBefore).as("CPU over 2 s at the limit, ms").isLessThan(800);
				assertThat(shortageLines(service) - linesBefore).as("shortage lines in 2 s").isLessThanOrEqualTo(1);
				assertThat(service.output()).noneMatch(line -> line.contains("Error on ServerSocket")
						|| line.contains("reached at the tail of the pipeline"));

				// Descriptors free up: the waiting clients are accepted and acked, in the bytes of the protocol.
				for (int i = 0; i < WAITING + 20; i++) {
					held.remove(held.size() - 1).close();
				}
				for (int i = 0; i < WAITING; i++) {
					assertThat(waiting.get(i).readText(ack("waiting " + i))).isEqualTo("已接收: waiting " + i + "\n");
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> service.output().stream()
					.anyMatch(line -> line.matches(".*line endpoint accepts connections again, after \\d+ failed "
							+ "accepts over \\d+ ms.*")));

				// And a new client is served as ever.
				try (RawClient late = RawClient.connect(port)) {
					assertThat(late.write("late\n").readText(ack("late"))).isEqualTo("已接收: late\n");
				}
			}
			finally {
				for (RawClient client : held) {
					client.close();
				}
				for (RawClient client : waiting) {
					client.close();
				}
			}
		}
	}

	/** The byte length of the ack of {@code line}. */
	static int ack(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8).length;
	}

	private static int shortageLines(ServiceProcess service) {
		return (int) service.output().stream().filter(line -> line.contains("cannot accept connections")).count();
	}

	private static long openFiles(long pid) throws IOException {
		try (var files = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
			return files.count();
		}
	}

	/** utime + stime of the process, in milliseconds (clock ticks of 10 ms on Linux). */
	private static long cpuMillis(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
	}

}
