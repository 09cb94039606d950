package org.ackgate.client;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every command against the running service on its ephemeral ports: stdout, stderr and exit status exactly. */
@TransportIndependent
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientServiceIntegrationTests {

	private static ServiceUnderTest service;

	@BeforeAll
	static void startService() {
		service = ServiceUnderTest.get();
	}

	@Test
	void lineMessagesFromArguments() {
		ClientRun run = ClientRun.of("line", "--port", service.linePort(), "hello", "世界", "");
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEqualTo("已接收: hello\n已接收: 世界\n已接收: \n");
		assertThat(run.err()).isEmpty();
	}

	@Test
	void lineMessagesPipedOnStdin() {
		StringBuilder stdin = new StringBuilder();
		StringBuilder expected = new StringBuilder();
		for (int i = 0; i < 500; i++) {
			stdin.append("message ").append(i).append(i % 2 == 0 ? "\n" : "\r\n");
			expected.append("已接收: message ").append(i).append('\n');
		}
		ClientRun run = ClientRun.withStdin(stdin.toString(), "line", "--port", service.linePort());
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEqualTo(expected.toString());
	}

	@Test
	void lineInteractivelyShowsEachAckBeforeTheNextLineIsTyped() throws Exception {
		PipedOutputStream keyboard = new PipedOutputStream();
		PipedInputStream stdin = new PipedInputStream(keyboard);
		ByteArrayOutputStream screen = new ByteArrayOutputStream();
		CompletableFuture<ClientRun> session = CompletableFuture
			.supplyAsync(() -> ClientRun.withInput(stdin, screen, "line", "--port", service.linePort()),
					command -> new Thread(command, "client-session").start());
		keyboard.write("你好\n".getBytes(StandardCharsets.UTF_8));
		keyboard.flush();
		await().atMost(Duration.ofSeconds(10)).until(() -> screen.toString(StandardCharsets.UTF_8).equals("已接收: 你好\n"));
		keyboard.write("again\n".getBytes(StandardCharsets.UTF_8));
		keyboard.close();
		ClientRun run = session.get(20, TimeUnit.SECONDS);
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEqualTo("已接收: 你好\n已接收: again\n");
	}

	@Test
	void framedSendsAFramePerMessageAndAReceiptPerAck() {
		int receiptsBefore = service.receipts.get();
		String large = "大".repeat(20_000);
		ClientRun run = ClientRun.of("framed", "--port", service.framedPort(),
				"{\"ID\":\"i\",\"Name\":\"Joel\",\"Age\":\"51\",\"Programming Language\":\"go\"}", "", large);
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEqualTo("我收到了\n我收到了\n我收到了\n");
		assertThat(run.err()).isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> service.receipts.get() - receiptsBefore == 3);
	}

	@Test
	void framedWithoutReceipts() {
		ClientRun run = ClientRun.withStdin("one\ntwo\n", "framed", "--no-receipt", "--port", service.framedPort());
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEqualTo("我收到了\n我收到了\n");
	}

	@Test
	void framedExpectingFramedAcksFromARawServerFailsAtOnce() {
		ClientRun run = ClientRun.of("framed", "--ack-framing", "headers", "--port", service.framedPort(), "x");
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).isEqualTo("ackgate: unexpected reply from 127.0.0.1:" + service.framedPort()
				+ ": got hex=e6, expected a Headers frame\n");
	}

	@Test
	void time() {
		ClientRun run = ClientRun.of("time", "--port", service.timePort());
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEqualTo(ServiceUnderTest.NOW_RFC3339 + "\n");
		assertThat(run.err()).isEmpty();
	}

	@Test
	void timeWithARequestLikeSeed000s() {
		ClientRun run = ClientRun.of("time", "--port", service.timePort(), "--send", "HEAD / HTTP/1.0\\r\\n\\r\\n");
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEqualTo(ServiceUnderTest.NOW_RFC3339 + "\n");
	}

	@Test
	void udpTime() {
		ClientRun run = ClientRun.of("udp-time", "--port", service.udpPort());
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEqualTo(ServiceUnderTest.NOW_RFC3339 + "\n");
		assertThat(run.err()).isEmpty();
		ClientRun other = ClientRun.of("udp-time", "--port", service.udpPort(), "--message", "any text at all");
		assertThat(other.out()).isEqualTo(ServiceUnderTest.NOW_RFC3339 + "\n");
	}

	@Test
	void dialEachTcpEndpoint() {
		for (String port : new String[] { service.linePort(), service.framedPort(), service.timePort() }) {
			ClientRun run = ClientRun.of("dial", "--port", port);
			assertThat(run.status()).isZero();
			assertThat(run.out()).matches(Pattern.quote("connected to 127.0.0.1:" + port + " in ") + "\\d+\\.\\d ms\n");
			assertThat(run.err()).isEmpty();
		}
	}

	@Test
	void dialSendToTheLineEndpoint() {
		ClientRun run = ClientRun.of("dial", "--port", service.linePort(), "--timeout", "2s", "--send", "ping\\n");
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEqualTo("已接收: ping\n");
		assertThat(run.err()).startsWith("connected to 127.0.0.1:" + service.linePort() + " in ").endsWith(" ms\n");
	}

	@Test
	void dialSendToTheTimeEndpointEndsWhenItCloses() {
		ClientRun run = ClientRun.of("dial", "--port", service.timePort(), "--timeout", "30s", "--send", "x");
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEqualTo(ServiceUnderTest.NOW_RFC3339);
		assertThat(run.err()).startsWith("connected to 127.0.0.1:" + service.timePort() + " in ");
	}

}
