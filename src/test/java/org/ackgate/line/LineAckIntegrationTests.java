package org.ackgate.line;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;

/** The line-ack endpoint over real sockets, with the seed's exact bytes. */
class LineAckIntegrationTests {

	private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

	private static TestService service;

	@BeforeAll
	static void start() {
		service = TestService.start("ackgate.line.max-message-size=1KB");
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	private static byte[] ack(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void acksEachLineWithTheSeedsPrefix() throws IOException {
		try (RawClient client = RawClient.connect(service.linePort())) {
			client.write("hello\n");
			assertThat(client.read(ack("hello").length)).isEqualTo(ack("hello"));
			client.write("你好，世界\n");
			assertThat(client.read(ack("你好，世界").length)).isEqualTo(ack("你好，世界"));
		}
	}

	@Test
	void carriageReturnIsPartOfTheMessage() throws IOException {
		try (RawClient client = RawClient.connect(service.linePort())) {
			client.write("crlf\r\n");
			assertThat(client.read(ack("crlf\r").length)).isEqualTo(ack("crlf\r"));
		}
	}

	@Test
	void emptyOneByteAndMaximumSizeLinesAreAcked() throws IOException {
		String max = "x".repeat(1024);
		try (RawClient client = RawClient.connect(service.linePort())) {
			client.write("\n");
			assertThat(client.read(ack("").length)).isEqualTo(ack(""));
			client.write("a\n");
			assertThat(client.read(ack("a").length)).isEqualTo(ack("a"));
			client.write(max + "\n");
			assertThat(client.read(ack(max).length)).isEqualTo(ack(max));
		}
	}

	@Test
	void aLineSplitOverManySegmentsGetsOneAck() throws Exception {
		try (RawClient client = RawClient.connect(service.linePort())) {
			for (byte b : "split 分段\n".getBytes(StandardCharsets.UTF_8)) {
				client.write(new byte[] { b });
				Thread.sleep(2);
			}
			assertThat(client.read(ack("split 分段").length)).isEqualTo(ack("split 分段"));
			client.assertSilentFor(Duration.ofMillis(200));
		}
	}

	@Test
	void pipelinedLinesInOneWriteGetOneAckEachInOrder() throws IOException {
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		StringBuilder batch = new StringBuilder();
		for (int i = 0; i < 500; i++) {
			batch.append("line ").append(i).append('\n');
			expected.writeBytes(ack("line " + i));
		}
		try (RawClient client = RawClient.connect(service.linePort())) {
			client.write(batch.toString());
			assertThat(client.read(expected.size())).isEqualTo(expected.toByteArray());
			client.assertSilentFor(Duration.ofMillis(200));
		}
	}

	@Test
	void anOversizeLineClosesThatConnectionOnlyAndIsNotAcked() throws IOException {
		try (RawClient bystander = RawClient.connect(service.linePort());
				RawClient offender = RawClient.connect(service.linePort())) {
			offender.write("before\n");
			assertThat(offender.read(ack("before").length)).isEqualTo(ack("before"));
			offender.write("y".repeat(1025) + "\n");
			assertThat(offender.closedByServer(CLOSE_WAIT)).isTrue();
			bystander.write("still here\n");
			assertThat(bystander.read(ack("still here").length)).isEqualTo(ack("still here"));
		}
		try (RawClient next = RawClient.connect(service.linePort())) {
			next.write("new client\n");
			assertThat(next.read(ack("new client").length)).isEqualTo(ack("new client"));
		}
	}

	/*
	 * Closed with the client's input unread, the connection would be reset, and a reset throws away
	 * the acks still in the server's socket buffer: lines handed off, whose acks the client never
	 * gets (it would send them again). The client here reads slowly through a small buffer, so the
	 * acks wait on the server's side when the oversize line arrives.
	 */
	@Test
	void aPipeliningClientGetsTheAckOfEveryLineBeforeItsOversizeOne() throws Exception {
		int lines = 20_000;
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		ByteArrayOutputStream sent = new ByteArrayOutputStream();
		for (int i = 0; i < lines; i++) {
			sent.writeBytes(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
			expected.writeBytes(ack("line " + i));
		}
		sent.writeBytes(("y".repeat(1025) + "\n").getBytes(StandardCharsets.UTF_8));
		ExecutorService writer = Executors.newSingleThreadExecutor();
		try (java.net.Socket socket = new java.net.Socket()) {
			socket.setReceiveBufferSize(4096);
			socket.connect(new java.net.InetSocketAddress("127.0.0.1", service.linePort()), 5000);
			socket.setSoTimeout(10_000);
			Future<?> written = writer.submit(() -> {
				try {
					socket.getOutputStream().write(sent.toByteArray());
					// A client that streams goes on sending after its bad line, until it sees the close.
					long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
					while (System.nanoTime() < until) {
						socket.getOutputStream().write("after\n".getBytes(StandardCharsets.UTF_8));
						TimeUnit.MILLISECONDS.sleep(10);
					}
				}
				catch (IOException closed) {
					// The server closed the connection: what follows the oversize line is not taken.
				}
				return null;
			});
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			byte[] chunk = new byte[512];
			try {
				for (int n; (n = socket.getInputStream().read(chunk)) >= 0;) {
					received.write(chunk, 0, n);
					// A slow reader: the acks wait in the server's socket buffer meanwhile.
					TimeUnit.MILLISECONDS.sleep(1);
				}
			}
			catch (java.net.SocketException reset) {
				// Counted below: the acks read before the reset are what the client got.
			}
			written.get(10, TimeUnit.SECONDS);
			assertThat(received.size()).as("ack bytes received").isEqualTo(expected.size());
			assertThat(received.toByteArray()).isEqualTo(expected.toByteArray());
		}
		finally {
			writer.shutdownNow();
		}
	}

	@Test
	void aClientClosingMidLineGetsNoAckAndTheServerServesOn() throws IOException {
		try (RawClient client = RawClient.connect(service.linePort())) {
			client.write("complete\nincompl");
			assertThat(client.read(ack("complete").length)).isEqualTo(ack("complete"));
			client.socket().shutdownOutput();
			assertThat(client.closedByServer(CLOSE_WAIT)).isTrue();
		}
		try (RawClient next = RawClient.connect(service.linePort())) {
			next.write("next\n");
			assertThat(next.read(ack("next").length)).isEqualTo(ack("next"));
		}
	}

	@Test
	void hundredConnectionsTimesTwoHundredMessagesLoseDuplicateAndReorderNothing() throws Exception {
		int connections = 100;
		int messages = 200;
		ExecutorService pool = Executors.newFixedThreadPool(connections);
		try {
			List<Future<byte[]>> received = new ArrayList<>();
			for (int c = 0; c < connections; c++) {
				int connection = c;
				Callable<byte[]> task = () -> {
					try (RawClient client = RawClient.connect(service.linePort())) {
						StringBuilder all = new StringBuilder();
						for (int m = 0; m < messages; m++) {
							all.append("c").append(connection).append(" m").append(m).append('\n');
						}
						client.write(all.toString());
						return client.read(expectedAcks(connection, messages).length);
					}
				};
				received.add(pool.submit(task));
			}
			for (int c = 0; c < connections; c++) {
				assertThat(received.get(c).get(60, TimeUnit.SECONDS)).as("connection %d", c)
					.isEqualTo(expectedAcks(c, messages));
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static byte[] expectedAcks(int connection, int messages) {
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		for (int m = 0; m < messages; m++) {
			expected.writeBytes(ack("c" + connection + " m" + m));
		}
		return expected.toByteArray();
	}

}
