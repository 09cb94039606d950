package org.ackgate.tcp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.ackgate.journal.JournalReader;
import org.ackgate.journal.JournalRecord;
import org.ackgate.journal.JournalStorage;
import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code max-connection-age}: a connection past its age is closed right after an ack, never with
 * a message read and unacked. A client that pipelines five lines ahead and, on each close,
 * reconnects and sends again what was not acked, gets every line acked exactly once, and the
 * journal holds every line exactly once: 0 lost, 0 duplicated, across many age-driven closes.
 */
class ConnectionAgeIntegrationTests {

	private static final int LINES = 3000;

	private static final int WINDOW = 5;

	@TempDir
	Path directory;

	@Test
	void aReconnectingClientLosesAndDuplicatesNothingAcrossAgeDrivenCloses() throws IOException {
		try (TestService service = TestService.start("ackgate.framed.enabled=false", "ackgate.time.enabled=false",
				"ackgate.udp.enabled=false", "ackgate.journal.enabled=true",
				"ackgate.journal.directory=" + this.directory, "ackgate.line.max-connection-age=150ms",
				"ackgate.line.max-connection-age-jitter=20")) {
			Map<String, Integer> acks = new HashMap<>();
			int next = 0;
			int connections = 0;
			Deque<String> unacked = new ArrayDeque<>();
			while (next < LINES || !unacked.isEmpty()) {
				connections++;
				// Each connection is closed after an ack, so it acks at least one line: more connections
				// than lines means the service stopped acking.
				assertThat(connections).as("connections for %d lines", LINES).isLessThanOrEqualTo(LINES);
				try (RawClient client = RawClient.connect(service.linePort())) {
					// What the last connection did not ack goes again, first.
					for (String line : unacked) {
						client.write(line + "\n");
					}
					while (next < LINES || !unacked.isEmpty()) {
						while (unacked.size() < WINDOW && next < LINES) {
							String line = "line-" + next++;
							unacked.addLast(line);
							client.write(line + "\n");
						}
						String expected = unacked.peekFirst();
						byte[] ack = ("已接收: " + expected + "\n").getBytes(StandardCharsets.UTF_8);
						byte[] got = client.read(ack.length);
						assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo(new String(ack, StandardCharsets.UTF_8));
						acks.merge(unacked.removeFirst(), 1, Integer::sum);
					}
				}
				catch (SocketTimeoutException | ConnectException notAnAgeClose) {
					throw new AssertionError("an ack did not come, or the service refused the connection", notAnAgeClose);
				}
				catch (IOException closed) {
					// Closed for its age (or reset while writing into the close): reconnect and carry on.
				}
			}
			assertThat(acks).hasSize(LINES);
			assertThat(acks.values()).containsOnly(1);
			double aged = service.context().getBean(MeterRegistry.class)
				.get("ackgate.connections.closed").tags("endpoint", "line", "reason", "age").counter().count();
			assertThat(aged).as("connections closed for their age").isGreaterThanOrEqualTo(3);
			assertThat(connections).isGreaterThan(3);
			List<String> journaled = new ArrayList<>();
			try (JournalReader reader = new JournalReader(this.directory, JournalStorage.FILES, 0)) {
				JournalRecord record;
				while ((record = reader.next(Long.MAX_VALUE)) != null) {
					journaled.add(new String(record.payload(), StandardCharsets.UTF_8));
				}
			}
			assertThat(journaled).as("every line journaled exactly once").hasSize(LINES).doesNotHaveDuplicates();
		}
	}

}
