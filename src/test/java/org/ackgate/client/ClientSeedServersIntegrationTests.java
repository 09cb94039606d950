package org.ackgate.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.ackgate.framed.HeadersCodec;
import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every command against in-test servers written the seeds' way (plain sockets, a thread per
 * connection, the seeds' reads and writes): what each seed's client does, one command does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TransportIndependent
class ClientSeedServersIntegrationTests {

	private static final String GO_TIME = "2024-07-19 02:37:05.123456789 -0700 PDT m=+0.001234567";

	private static final String RFC3339_TIME = "2024-07-19T02:37:05-07:00";

	private static final String SEED_004_MESSAGE = "{\"ID\":\"i\",\"Name\":\"Joel\",\"Age\":\"51\",\"Programming Language\":\"go\"}";

	@Test
	void lineAgainstSeed001Server() throws IOException {
		try (SeedServer server = SeedServer.seed001Line()) {
			ClientRun run = ClientRun.of("line", "--port", server.portText(), "hello", "世界", "with\rCR");
			assertThat(run.status()).isZero();
			assertThat(run.out()).isEqualTo("已接收: hello\n已接收: 世界\n已接收: with\rCR\n");
			assertThat(run.err()).isEmpty();
			assertThat(server.readsAsText()).containsExactly("hello\n", "世界\n", "with\rCR\n");
		}
	}

	@Test
	void linesFromStdinAgainstSeed001Server() throws IOException {
		try (SeedServer server = SeedServer.seed001Line()) {
			ClientRun run = ClientRun.withStdin("first\r\nsecond\n\nlast without LF", "line", "--port", server.portText());
			assertThat(run.status()).isZero();
			assertThat(run.out()).isEqualTo("已接收: first\n已接收: second\n已接收: \n已接收: last without LF\n");
			assertThat(server.readsAsText()).containsExactly("first\n", "second\n", "\n", "last without LF\n");
		}
	}

	@Test
	void framedAgainstSeed004Server() throws IOException {
		try (SeedServer server = SeedServer.seed004Framed()) {
			for (int i = 0; i < 2; i++) {
				ClientRun run = ClientRun.of("framed", "--port", server.portText(), SEED_004_MESSAGE);
				assertThat(run.status()).isZero();
				assertThat(run.out()).isEqualTo("我收到了\n");
				assertThat(run.err()).isEmpty();
			}
			String frame = new String(HeadersCodec.encode(SEED_004_MESSAGE.getBytes(StandardCharsets.UTF_8)),
					StandardCharsets.UTF_8);
			// A receipt is read by the server after that client has exited, maybe after the next one's frame.
			await().atMost(Duration.ofSeconds(10)).until(() -> server.reads.size() == 4);
			assertThat(server.readsAsText()).containsExactlyInAnyOrder(frame, "ok", frame, "ok");
		}
	}

	@Test
	void framedReadsAcksSplitIntoSingleBytes() throws IOException {
		try (SeedServer server = SeedServer.framedWithSplitAcks()) {
			ClientRun run = ClientRun.of("framed", "--port", server.portText(), "one", "two", "三");
			assertThat(run.status()).isZero();
			assertThat(run.out()).isEqualTo("我收到了\n我收到了\n我收到了\n");
			await().atMost(Duration.ofSeconds(10)).until(() -> server.reads.size() == 6);
			assertThat(server.readsAsText()).containsExactly("one", "ok", "two", "ok", "三", "ok");
		}
	}

	@Test
	void timeAgainstSeed002ServerThatNeverCloses() throws Exception {
		try (SeedServer server = SeedServer.seed002Time(GO_TIME)) {
			ClientRun run = ClientRun.of("time", "--port", server.portText(), "--close-after", "200ms");
			assertThat(run.status()).isZero();
			assertThat(run.out()).isEqualTo(GO_TIME + "\n");
			assertThat(run.err()).isEmpty();
			assertThat(server.clientClosed.await(10, TimeUnit.SECONDS)).as("the client closed the connection").isTrue();
		}
	}

	@Test
	void timeAgainstSeed000ServerWithItsRequest() throws IOException {
		try (SeedServer server = SeedServer.seed000Time(RFC3339_TIME)) {
			ClientRun run = ClientRun.of("time", "--port", server.portText(), "--send", "HEAD / HTTP/1.0\\r\\n\\r\\n");
			assertThat(run.status()).isZero();
			assertThat(run.out()).isEqualTo(RFC3339_TIME + "\n");
		}
	}

	@Test
	void udpTimeAgainstSeed001UdpServer() {
		try (SeedUdpServer server = SeedUdpServer.answering(RFC3339_TIME)) {
			ClientRun run = ClientRun.of("udp-time", "--port", server.portText());
			assertThat(run.status()).isZero();
			assertThat(run.out()).isEqualTo(RFC3339_TIME + "\n");
			assertThat(run.err()).isEmpty();
			assertThat(server.received).hasSize(1);
			assertThat(new String(server.received.get(0), StandardCharsets.UTF_8)).isEqualTo("获取时间");
		}
	}

	@Test
	void dialAgainstSeed001Server() throws IOException {
		try (SeedServer server = SeedServer.seed001Line()) {
			ClientRun run = ClientRun.of("dial", "--port", server.portText());
			assertThat(run.status()).isZero();
			assertThat(run.out()).matches(Pattern.quote("connected to 127.0.0.1:" + server.port() + " in ") + "\\d+\\.\\d ms\n");
			assertThat(run.err()).isEmpty();
		}
	}

	@Test
	void dialSendsARequestAndCopiesTheReplyUntilTheTimeout() throws IOException {
		try (SeedServer server = SeedServer.seed001Line()) {
			ClientRun run = ClientRun.of("dial", "--port", server.portText(), "--timeout", "2s", "--send",
					"GET / HTTP/1.0\\r\\n\\r\\n");
			assertThat(run.status()).isZero();
			assertThat(run.out()).isEqualTo("已接收: GET / HTTP/1.0\r\n已接收: \r\n");
			assertThat(run.err()).startsWith("connected to 127.0.0.1:" + server.port() + " in ");
		}
	}

	@Test
	void dialSendCopiesTheReplyUntilTheServerCloses() throws IOException {
		try (SeedServer server = SeedServer.seed000Time(RFC3339_TIME)) {
			ClientRun run = ClientRun.of("dial", "--port", server.portText(), "--timeout", "20s", "--send", "HEAD / HTTP/1.0\\r\\n\\r\\n");
			assertThat(run.status()).isZero();
			assertThat(run.out()).isEqualTo(RFC3339_TIME);
		}
	}

}
