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

import io.micrometer.core.instrument.Counter;
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
 * The client sends at least {@code LINES} lines and goes on until the service has closed
 * {@code AGE_CLOSES} connections for their age, so a fast machine crosses as many closes as a
 * slow one.
 */
class ConnectionAgeIntegrationTests {

	private static final int LINES = 3000;

	private static final int AGE_CLOSES = 3;

	/** New lines stop past this many whatever happened: the age assertion then says what did not. */
	private static final int MAXIMUM_LINES = 1_000_000;

	private static final int WINDOW = 5;

	@TempDir
	Path directory;

	@Test
	void aReconnectingClientLosesAndDuplicatesNothingAcrossAgeDrivenCloses() throws IOException {
		try (TestService service = TestService.start("ackgate.framed.enabled=false", "ackgate.time.enabled=false",
				"ackgate.udp.enabled=false", "ackgate.journal.enabled=true",
				"ackgate.journal.directory=" + this.directory, "ackgate.line.max-connection-age=150ms",
				"ackgate.line.max-connection-age-jitter=20")) {
			Counter aged = service.context().getBean(MeterRegistry.class)
				.get("ackgate.connections.closed").tags("endpoint", "line", "reason", "age").counter();
			Map<String, Integer> acks = new HashMap<>();
			int next = 0;
			int connections = 0;
			Deque<String> unacked = new ArrayDeque<>();
			boolean more = true;
			while (more || !unacked.isEmpty()) {
				connections++;
				// Each connection is closed after an ack, so it acks at least one line: more connections
				// than lines means the service stopped acking.
				assertThat(connections).as("connections for %d lines", next).isLessThanOrEqualTo(Math.max(next, LINES));
				try (RawClient client = RawClient.connect(service.linePort())) {
					// What the last connection did not ack goes again, first.
					for (String line : unacked) {
						client.write(line + "\n");
					}
					while (more || !unacked.isEmpty()) {
						while (unacked.size() < WINDOW
								&& (more = next < MAXIMUM_LINES && (next < LINES || aged.count() < AGE_CLOSES))) {
							String line = "line-" + next++;
							unacked.addLast(line);
							client.write(line + "\n");
						}
						if (unacked.isEmpty()) {
							break;
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
			assertThat(acks).hasSize(next);
			assertThat(acks.values()).containsOnly(1);
			assertThat(aged.count()).as("connections closed for their age").isGreaterThanOrEqualTo(AGE_CLOSES);
			assertThat(connections).isGreaterThan(AGE_CLOSES);
			List<String> journaled = new ArrayList<>();
			try (JournalReader reader = new JournalReader(this.directory, JournalStorage.FILES, 0)) {
				JournalRecord record;
				while ((record = reader.next(Long.MAX_VALUE)) != null) {
					journaled.add(new String(record.payload(), StandardCharsets.UTF_8));
				}
			}
			assertThat(journaled).as("every line journaled exactly once").hasSize(next).doesNotHaveDuplicates();
		}
	}

}
