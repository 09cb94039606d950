package org.ackgate.client;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.json.JsonParserFactory;

import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The failure paths over real sockets: refused, a server that never answers, a server that closes
 * before or in the middle of a reply. Each ends with exit status 1, nothing on stdout that was not
 * received, and one line on stderr.
 */
@TransportIndependent
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientFailuresIntegrationTests {

	@Test
	void refusedConnectionsForEveryTcpCommand() {
		int port = SeedServer.closedPort();
		String refused = "ackgate: connection refused: 127.0.0.1:" + port + "\n";
		for (String[] command : new String[][] { { "dial" }, { "line", "x" }, { "framed", "x" }, { "time" },
				{ "bench", "--no-progress" } }) {
			List<String> args = new ArrayList<>(Arrays.asList(command));
			args.addAll(List.of("--port", Integer.toString(port)));
			ClientRun run = ClientRun.of(args.toArray(String[]::new));
			assertThat(run.status()).as(String.join(" ", command)).isEqualTo(1);
			assertThat(run.out()).as(String.join(" ", command)).isEmpty();
			assertThat(run.err()).as(String.join(" ", command)).isEqualTo(refused);
		}
	}

	@Test
	void verboseAddsTheStackTrace() {
		int port = SeedServer.closedPort();
		ClientRun run = ClientRun.of("line", "--verbose", "--port", Integer.toString(port), "x");
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.err()).startsWith("ackgate: connection refused: 127.0.0.1:" + port + "\n")
			.contains("at org.ackgate.client.");
	}

	@Test
	void aServerThatNeverAnswers() throws IOException {
		try (SeedServer server = SeedServer.silent()) {
			String port = server.portText();
			assertFails(ClientRun.of("line", "--port", port, "--timeout", "300ms", "hello"),
					"no reply from 127.0.0.1:" + port + " within 300ms");
			assertFails(ClientRun.of("framed", "--port", port, "--timeout", "300ms", "hello"),
					"no reply from 127.0.0.1:" + port + " within 300ms");
			assertFails(ClientRun.of("time", "--port", port, "--timeout", "300ms"),
					"no time from 127.0.0.1:" + port + " within 300ms");
		}
	}

	@Test
	void aServerThatNeverAnswersTheBench() throws IOException {
		try (SeedServer server = SeedServer.silent()) {
			ClientRun run = ClientRun.of("bench", "--port", server.portText(), "--timeout", "300ms", "--connections", "2",
					"--messages", "5", "--pipeline", "2", "--no-progress", "--json");
			assertThat(run.status()).isEqualTo(1);
			assertThat(run.out()).contains("\"sent\":4,", "\"acked\":0,", "\"lost\":4,", "\"errors\":2,");
			assertThat(run.err()).isEqualTo("ackgate: bench: 4 lost, 0 mismatched, 2 connection errors (first: no reply from 127.0.0.1:"
					+ server.port() + " within 300ms)\n");
		}
	}

	@Test
	void aUdpServerThatNeverAnswersIsAskedAgain() {
		try (SeedUdpServer server = SeedUdpServer.silent()) {
			ClientRun run = ClientRun.of("udp-time", "--port", server.portText(), "--timeout", "200ms", "--retries", "2");
			assertFails(run, "no reply from 127.0.0.1:" + server.portText() + " after 3 attempts of 200ms");
			await().atMost(Duration.ofSeconds(10)).until(() -> server.received.size() == 3);
		}
	}

	@Test
	void aUdpServerThatNeverAnswersEndsTheBenchAfterTwiceTheTimeout() {
		try (SeedUdpServer server = SeedUdpServer.silent()) {
			ClientRun run = ClientRun.of("bench", "--protocol", "udp", "--port", server.portText(), "--timeout", "300ms",
					"--connections", "2", "--messages", "1000", "--no-progress", "--json");
			assertThat(run.status()).isEqualTo(1);
			Map<String, Object> summary = JsonParserFactory.getJsonParser().parseMap(run.out());
			// Each socket counts one lost datagram per timeout, and gives up after twice the timeout.
			assertThat(summary).containsEntry("acked", 0).containsEntry("errors", 2);
			assertThat(summary.get("lost")).isEqualTo(summary.get("sent"));
			assertThat(((Number) summary.get("sent")).intValue()).isBetween(2, 4);
			assertThat(run.err()).endsWith(" lost, 0 mismatched, 2 connection errors (first: no reply from 127.0.0.1:"
					+ server.portText() + " for twice the timeout of 300ms)\n");
		}
	}

	@Test
	void aClosedUdpPortIsReportedByTheBench() throws IOException {
		int port;
		try (DatagramSocket gone = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			port = gone.getLocalPort();
		}
		ClientRun run = ClientRun.of("bench", "--protocol", "udp", "--port", Integer.toString(port), "--connections", "1",
				"--messages", "10", "--no-progress");
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.err()).isEqualTo("ackgate: bench: 1 lost, 0 mismatched, 1 connection errors (first: port unreachable: 127.0.0.1:"
				+ port + ")\n");
	}

	@Test
	void aServerClosingInTheMiddleOfAReply() throws IOException {
		byte[] halfAck = Arrays.copyOf("已接收: hel".getBytes(StandardCharsets.UTF_8), 5);
		try (SeedServer server = SeedServer.closesMidReply(halfAck)) {
			assertFails(ClientRun.of("line", "--port", server.portText(), "hello"),
					"connection closed by 127.0.0.1:" + server.port() + " in the middle of a reply");
		}
		byte[] halfFramedAck = Arrays.copyOf(SeedServer.FRAMED_ACK, 7);
		try (SeedServer server = SeedServer.closesMidReply(halfFramedAck)) {
			assertFails(ClientRun.of("framed", "--port", server.portText(), "hello"),
					"connection closed by 127.0.0.1:" + server.port() + " in the middle of a reply");
		}
	}

	@Test
	void aServerClosingBeforeTheReply() throws IOException {
		try (SeedServer server = SeedServer.closesBeforeReply()) {
			assertFails(ClientRun.of("line", "--port", server.portText(), "--max-reconnects", "0", "hello"),
					"connection closed by 127.0.0.1:" + server.port() + " before the reply");
			assertThat(server.readsAsText()).containsExactly("hello\n");
		}
		try (SeedServer server = SeedServer.closesOnAccept()) {
			assertFails(ClientRun.of("time", "--port", server.portText()),
					"127.0.0.1:" + server.port() + " closed the connection without sending the time");
		}
	}

	@Test
	void aServerThatClosesEveryConnectionBeforeTheReplyIsTriedABoundedNumberOfTimes() throws IOException {
		try (SeedServer server = SeedServer.closesBeforeReply()) {
			assertFails(ClientRun.of("line", "--port", server.portText(), "hello"),
					"connection closed by 127.0.0.1:" + server.port()
							+ " before the reply (gave up after 3 reconnects in a row without an ack)");
			// The first connection and three reconnects, each sending the unacked line again.
			await().atMost(Duration.ofSeconds(10)).until(() -> server.readsAsText().size() == 4);
			assertThat(server.readsAsText()).containsOnly("hello\n");
		}
		try (SeedServer server = SeedServer.closesBeforeReply()) {
			assertFails(ClientRun.of("framed", "--port", server.portText(), "--max-reconnects", "1", "hello"),
					"connection closed by 127.0.0.1:" + server.port()
							+ " before the reply (gave up after 1 reconnect in a row without an ack)");
			await().atMost(Duration.ofSeconds(10)).until(() -> server.reads.size() == 2);
		}
		try (SeedServer server = SeedServer.closesBeforeReply()) {
			ClientRun run = ClientRun.of("bench", "--port", server.portText(), "--connections", "2", "--messages", "5",
					"--pipeline", "2", "--no-progress", "--json");
			assertThat(run.status()).isEqualTo(1);
			Map<String, Object> summary = JsonParserFactory.getJsonParser().parseMap(run.out());
			assertThat(summary).containsEntry("acked", 0).containsEntry("errors", 2).containsEntry("reconnects", 6);
			assertThat(summary.get("lost")).isEqualTo(summary.get("sent"));
			assertThat(run.err()).endsWith(" (gave up after 3 reconnects in a row without an ack))\n");
		}
	}

	@Test
	void aServerThatIsGoneAfterItsCloseRefusesTheReconnectsAndTheLastRefusalIsReported() throws IOException {
		try (SeedServer server = SeedServer.acksOneLineThenGoesAway()) {
			long started = System.nanoTime();
			ClientRun run = ClientRun.of("line", "--port", server.portText(), "first", "second");
			long tookMillis = (System.nanoTime() - started) / 1_000_000;
			assertThat(run.status()).isEqualTo(1);
			// The first ack is printed; the second line never reached a server.
			assertThat(run.out()).isEqualTo("已接收: first\n");
			assertThat(run.err()).isEqualTo("ackgate: connection refused: 127.0.0.1:" + server.port()
					+ " (gave up after 3 reconnects in a row without an ack)\n");
			assertThat(server.readsAsText()).containsExactly("first");
			// At once, then after 100ms and 200ms: bounded, and backing off.
			assertThat(tookMillis).isGreaterThanOrEqualTo(300);
		}
	}

	@Test
	void aServerWithAnotherAck() throws IOException {
		try (SeedServer server = SeedServer.closesMidReply("OK".getBytes(StandardCharsets.US_ASCII))) {
			assertFails(ClientRun.of("framed", "--port", server.portText(), "hello"),
					"unexpected reply from 127.0.0.1:" + server.port() + ": got text=\"OK\", expected the ack \"我收到了\"");
		}
	}

	@Test
	void aConnectThatIsNeverAnsweredTimesOut() throws IOException {
		// A full accept queue: Linux drops further SYNs, so the next connect waits until it times out.
		try (ServerSocket backlogOfOne = new ServerSocket()) {
			backlogOfOne.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
			List<Socket> fillers = new ArrayList<>();
			try {
				for (int i = 0; i < 8; i++) {
					Socket filler = new Socket();
					try {
						filler.connect(backlogOfOne.getLocalSocketAddress(), 200);
						fillers.add(filler);
					}
					catch (IOException full) {
						filler.close();
						break;
					}
				}
				ClientRun run = ClientRun.of("dial", "--port", Integer.toString(backlogOfOne.getLocalPort()), "--timeout",
						"300ms");
				assertFails(run, "timed out connecting to 127.0.0.1:" + backlogOfOne.getLocalPort() + " after 300ms");
			}
			finally {
				for (Socket filler : fillers) {
					filler.close();
				}
			}
		}
	}

	private static void assertFails(ClientRun run, String line) {
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).isEqualTo("ackgate: " + line + "\n");
	}

}
