package org.ackgate.tcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sweep looks at a connection, finds it idle, and closes it; a message may begin its flow
 * between the look and the close. Its ack must not be dropped then (the client would send it
 * again: a duplicate). The test acts as the sweep at exactly that moment: the flow is held by a
 * relay upstream that has not answered yet.
 */
@ExtendWith(OutputCaptureExtension.class)
class TimeoutCloseRaceIntegrationTests {

	private static byte[] ack(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void aConnectionSeenIdleJustBeforeAMessageArrivesKeepsThatMessagesAck() throws Exception {
		try (HeldUpstream upstream = new HeldUpstream();
				TestService service = TestService.start("ackgate.framed.enabled=false", "ackgate.time.enabled=false",
						"ackgate.udp.enabled=false", "ackgate.line.read-timeout=10s", "ackgate.relay.enabled=true",
						"ackgate.relay.host=127.0.0.1", "ackgate.relay.port=" + upstream.port(),
						"ackgate.relay.ack-mode=upstream", "ackgate.relay.reply-timeout=10s");
				RawClient client = RawClient.connect(service.linePort())) {
			OpenConnections open = service.context().getBean(EndpointServerConnectionFactory.class).connections();
			await().atMost(Duration.ofSeconds(5)).until(() -> open.list().size() == 1);
			ServedConnection connection = open.list().get(0);
			long sweptAt = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			long readTimeout = Duration.ofSeconds(10).toNanos();
			assertThat(connection.isIdle(sweptAt, readTimeout)).as("the sweep's look").isTrue();

			client.write("one\n");
			assertThat(upstream.nextLine()).as("the message's flow, waiting for the upstream").isEqualTo("one");
			assertThat(connection.closeBetweenMessages(CloseReason.IDLE, "idle (the test's sweep)"))
				.as("the sweep's close, after the flow began").isFalse();
			upstream.answer("one");
			assertThat(client.read(ack("one").length)).isEqualTo(ack("one"));

			upstream.answerAtOnce();
			client.write("two\n");
			assertThat(client.read(ack("two").length)).as("still open").isEqualTo(ack("two"));

			// Between messages the sweep's close goes ahead, and nothing sent after it is handed off. (The
			// connection is between messages just after the ack is written: the client may read it first.)
			await().atMost(Duration.ofSeconds(5)).until(() -> !connection.isHandling());
			assertThat(connection.closeBetweenMessages(CloseReason.IDLE, "idle (the test's sweep)")).isTrue();
			try {
				client.write("three\n");
			}
			catch (IOException closed) {
				// Closed before the write: as good.
			}
			assertThat(client.closedByServer(Duration.ofSeconds(5))).isTrue();
			Counter idleCloses = service.context()
				.getBean(MeterRegistry.class)
				.get("ackgate.connections.closed")
				.tags("endpoint", "line", "reason", "idle")
				.counter();
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(idleCloses.count()).isEqualTo(1));
			assertThat(upstream.lines()).containsExactly("one", "two");
		}
	}

	/*
	 * The flow runs off the loop while the upstream holds it; the client resets meanwhile. The close
	 * is one INFO line with its reason; the late reply is dropped without Spring Integration's
	 * error line (one per such client, with both messages in it).
	 */
	@Test
	void aClientThatResetsWhileItsMessageWaitsIsOneCloseLineAndNoError(CapturedOutput output) throws Exception {
		try (HeldUpstream upstream = new HeldUpstream();
				TestService service = TestService.start("ackgate.framed.enabled=false", "ackgate.time.enabled=false",
						"ackgate.udp.enabled=false", "ackgate.relay.enabled=true", "ackgate.relay.host=127.0.0.1",
						"ackgate.relay.port=" + upstream.port(), "ackgate.relay.ack-mode=upstream",
						"ackgate.relay.reply-timeout=10s")) {
			RawClient client = RawClient.connect(service.linePort());
			client.write("one\n");
			assertThat(upstream.nextLine()).isEqualTo("one");
			client.socket().setSoLinger(true, 0);
			client.close();
			Counter clientCloses = service.context()
				.getBean(MeterRegistry.class)
				.get("ackgate.connections.closed")
				.tags("endpoint", "line", "reason", "client")
				.counter();
			boolean onTheLoop = service.context().getBean(TransportProperties.class).transport()
					== TransportProperties.Transport.EVENT_LOOP;
			if (onTheLoop) {
				// The loop sees the reset at once; the connection is gone before the reply comes.
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(clientCloses.count()).isEqualTo(1));
			}
			upstream.answer("one");
			upstream.answerAtOnce();
			// A thread per connection sees it when it writes the ack.
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(clientCloses.count()).isEqualTo(1));
			// The relay took the upstream's ack: the flow has ended, and the gateway has had its reply.
			try (RawClient next = RawClient.connect(service.linePort())) {
				next.write("two\n");
				assertThat(next.read(ack("two").length)).isEqualTo(ack("two"));
			}
			assertThat(output.getOut()).contains("closed: connection reset by the client")
				.doesNotContain("Connection not found")
				.doesNotContain(" ERROR ");
		}
	}

	/** A line upstream that answers each line only when the test says, or at once once told so. */
	private static final class HeldUpstream implements AutoCloseable {

		private final ServerSocket server = new ServerSocket();

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private final BlockingQueue<String> arrived = new LinkedBlockingQueue<>();

		private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

		private volatile boolean atOnce;

		private final Thread thread;

		HeldUpstream() throws IOException {
			this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			this.thread = new Thread(this::serve, "held-upstream");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		List<String> lines() {
			return this.lines;
		}

		String nextLine() throws InterruptedException {
			return this.arrived.poll(10, TimeUnit.SECONDS);
		}

		void answer(String line) {
			this.answers.add(line);
		}

		void answerAtOnce() {
			this.atOnce = true;
		}

		private void serve() {
			while (!this.server.isClosed()) {
				try (Socket socket = this.server.accept()) {
					BufferedReader in = new BufferedReader(
							new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
					OutputStream out = socket.getOutputStream();
					String line;
					while ((line = in.readLine()) != null) {
						this.lines.add(line);
						this.arrived.add(line);
						if (!this.atOnce && this.answers.poll(10, TimeUnit.SECONDS) == null) {
							return;
						}
						out.write(ack(line));
						out.flush();
					}
				}
				catch (IOException | InterruptedException ex) {
					return;
				}
			}
		}

		@Override
		public void close() throws IOException {
			this.server.close();
		}

	}

}
