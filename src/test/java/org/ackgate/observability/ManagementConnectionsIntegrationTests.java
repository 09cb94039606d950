package org.ackgate.observability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.reactor.netty.autoconfigure.NettyServerProperties;
import org.springframework.boot.reactor.netty.autoconfigure.ReactorNettyProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The management port's connections on Reactor Netty: one that sits idle is closed after
 * {@code server.netty.idle-timeout}, whether it has sent nothing or has had its answer and keeps
 * the connection open; the shipped settings close them after a minute and stop the HTTP event
 * loop without Reactor Netty's two-second quiet period after the drain; and that loop is each
 * service's own, so one service stopping leaves another in the same JVM serving.
 */
class ManagementConnectionsIntegrationTests {

	/** How long a read waits for the server to close before the test gives up. */
	private static final int CLOSE_WAIT_MILLIS = 10_000;

	@Test
	void anIdleConnectionIsClosedAfterTheIdleTimeoutBeforeOrAfterARequest() throws IOException {
		try (RunningService service = RunningService.start("--server.netty.idle-timeout=300ms");
				Socket silent = connect(service.managementPort());
				Socket kept = connect(service.managementPort())) {
			kept.getOutputStream()
				.write(("GET /actuator/health/liveness HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String answer = readUntilClosed(kept);
			assertThat(answer).as("answered, then the open connection closed once idle")
				.startsWith("HTTP/1.1 200 OK\r\n")
				.endsWith("\"status\":\"UP\"}");
			assertThat(readUntilClosed(silent)).as("a connection that never sent a byte gets nothing but its close")
				.isEmpty();
		}
	}

	@Test
	void theShippedSettingsCloseIdleConnectionsAfterAMinuteAndStopTheLoopsWithoutAQuietPeriod() {
		try (RunningService service = RunningService.start()) {
			assertThat(service.context().getBean(NettyServerProperties.class).getIdleTimeout())
				.isEqualTo(Duration.ofSeconds(60));
			assertThat(service.context().getBean(ReactorNettyProperties.class).getShutdownQuietPeriod())
				.isEqualTo(Duration.ZERO);
		}
	}

	@Test
	void oneServiceStoppingLeavesAnotherInTheSameJvmAnswering() {
		try (RunningService staying = RunningService.start()) {
			RunningService.start().close();
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(10))
				.until(() -> staying.get("/actuator/health/liveness").statusCode() == 200);
		}
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(CLOSE_WAIT_MILLIS);
		return socket;
	}

	/** Everything the server sends until it closes; a read that waits past the bound fails the test. */
	private static String readUntilClosed(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		for (int n; (n = in.read(buffer)) != -1;) {
			received.write(buffer, 0, n);
		}
		return received.toString(StandardCharsets.UTF_8);
	}

}
