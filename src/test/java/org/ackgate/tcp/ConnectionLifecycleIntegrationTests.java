package org.ackgate.tcp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.diagnostics.FailureAnalysis;

import org.ackgate.support.Causes;
import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;
import org.ackgate.system.EndpointBindException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Idle peers, connection limits and ports in use, on real sockets. */
class ConnectionLifecycleIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(ConnectionLifecycleIntegrationTests.class);


	private static final String[] ONLY_LINE = { "ackgate.framed.enabled=false", "ackgate.time.enabled=false",
			"ackgate.udp.enabled=false" };

	private static byte[] ack(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private static String[] onlyLine(String... more) {
		List<String> all = new ArrayList<>(List.of(ONLY_LINE));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	@Test
	void anIdlePeerIsClosedAfterTheReadTimeout() throws IOException {
		try (TestService service = TestService.start(onlyLine("ackgate.line.read-timeout=300ms"));
				RawClient silent = RawClient.connect(service.linePort());
				RawClient talker = RawClient.connect(service.linePort())) {
			talker.write("hi\n");
			assertThat(talker.read(ack("hi").length)).isEqualTo(ack("hi"));
			assertThat(silent.closedByServer(Duration.ofSeconds(5))).isTrue();
			assertThat(talker.closedByServer(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void connectionsOverTheLimitAreClosedAtOnceAndTheOthersServedOn() throws IOException {
		try (TestService service = TestService.start(onlyLine("ackgate.line.max-connections=2"))) {
			EndpointServerConnectionFactory line = service.factory("lineConnectionFactory");
			try (RawClient first = RawClient.connect(service.linePort());
					RawClient second = RawClient.connect(service.linePort())) {
				first.write("1\n");
				second.write("2\n");
				assertThat(first.read(ack("1").length)).isEqualTo(ack("1"));
				assertThat(second.read(ack("2").length)).isEqualTo(ack("2"));
				try (RawClient third = RawClient.connect(service.linePort())) {
					assertThat(third.closedByServer(Duration.ofSeconds(5))).isTrue();
				}
				assertThat(line.admission().activeConnections()).isEqualTo(2);
				first.write("still 1\n");
				assertThat(first.read(ack("still 1").length)).isEqualTo(ack("still 1"));
			}
			awaitActive(line, 0);
			try (RawClient again = RawClient.connect(service.linePort())) {
				again.write("again\n");
				assertThat(again.read(ack("again").length)).isEqualTo(ack("again"));
			}
		}
	}

	@Test
	void closedConnectionsLeaveTheRegistryAndNewOnesAreServed() throws IOException {
		try (TestService service = TestService.start(onlyLine())) {
			EndpointServerConnectionFactory line = service.factory("lineConnectionFactory");
			for (int i = 0; i < 50; i++) {
				try (RawClient client = RawClient.connect(service.linePort())) {
					client.write(i + "\n");
					assertThat(client.read(ack(String.valueOf(i)).length)).isEqualTo(ack(String.valueOf(i)));
				}
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> line.registeredConnections() == 0);
			try (RawClient after = RawClient.connect(service.linePort())) {
				after.write("after\n");
				assertThat(after.read(ack("after").length)).isEqualTo(ack("after"));
				assertThat(line.registeredConnections()).isEqualTo(1);
			}
		}
	}

	@Test
	void aPeerThatNeverReadsItsAcksIsCutOffByTheWriteTimeout() throws Exception {
		try (TestService service = TestService.start(onlyLine("ackgate.line.write-timeout=500ms"))) {
			EndpointServerConnectionFactory line = service.factory("lineConnectionFactory");
			List<CloseReason> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
			line.events().addObserver(new ConnectionObserver() {

				@Override
				public void closed(String endpoint, CloseReason reason) {
					reasons.add(reason);
				}

			});
			java.net.Socket socket = new java.net.Socket();
			socket.setReceiveBufferSize(4096);
			socket.connect(new InetSocketAddress("127.0.0.1", service.linePort()), 5000);
			Thread writer = new Thread(() -> {
				byte[] lines = ("z".repeat(1000) + "\n").repeat(1000).getBytes(StandardCharsets.UTF_8);
				try {
					for (int i = 0; i < 100; i++) {
						socket.getOutputStream().write(lines);
					}
				}
				catch (IOException expected) {
					// the server gave up on us
				}
			});
			writer.start();
			await().atMost(Duration.ofSeconds(20)).until(() -> !reasons.isEmpty());
			socket.close();
			writer.join(5000);
			assertThat(reasons).containsExactly(CloseReason.IDLE);
		}
	}

	private static void awaitActive(EndpointServerConnectionFactory line, int expected) {
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(line.admission().activeConnections()).isEqualTo(expected));
	}

	@Test
	void aTcpPortInUseStopsStartupNamingTheEndpointAndPort() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			Throwable failure = catchThrowable(() -> TestService.start(onlyLine("ackgate.line.port=" + taken.getLocalPort())));
			EndpointBindException bind = Causes.find(failure, EndpointBindException.class);
			assertThat(bind.getMessage()).startsWith("Endpoint 'line' could not listen on TCP port " + taken.getLocalPort());
			FailureAnalysis analysis = new org.ackgate.system.EndpointBindFailureAnalyzerAccess().analyze(failure);
			assertThat(analysis.getDescription()).doesNotContain("\n").contains("'line'").contains(String.valueOf(taken.getLocalPort()));
			assertThat(analysis.getAction()).contains("ackgate.line.port");
		}
	}

	@Test
	void aUdpPortInUseStopsStartupNamingTheEndpointAndPort() throws IOException {
		try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			Throwable failure = catchThrowable(() -> TestService.start("ackgate.line.enabled=false",
					"ackgate.framed.enabled=false", "ackgate.time.enabled=false", "ackgate.udp.port=" + taken.getLocalPort()));
			assertThat(Causes.find(failure, EndpointBindException.class).getMessage())
				.startsWith("Endpoint 'udp' could not listen on UDP port " + taken.getLocalPort());
		}
	}

	/**
	 * A restart binds the same port at once although the stop left the server's side of every
	 * connection in TIME_WAIT: the service closed them while their clients were attached (the
	 * active close), and the clients then closed theirs. Without SO_REUSEADDR on the listener the
	 * second bind fails with "Address already in use" for a minute.
	 */
	@Test
	void aRestartOnTheSamePortServesAtOnceDespiteTimeWait() throws Exception {
		assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "TIME_WAIT is counted from Linux's /proc/net/tcp");
		int port;
		List<RawClient> attached = new ArrayList<>();
		try {
			try (TestService first = TestService.start(onlyLine("ackgate.shutdown.grace-period=1s"))) {
				port = first.linePort();
				for (int i = 0; i < 8; i++) {
					RawClient client = RawClient.connect(port);
					attached.add(client);
					client.write("x" + i + "\n");
					assertThat(client.read(ack("x" + i).length)).isEqualTo(ack("x" + i));
				}
			}
			for (RawClient client : attached) {
				assertThat(client.closedByServer(Duration.ofSeconds(5))).isTrue();
			}
		}
		finally {
			for (RawClient client : attached) {
				client.close();
			}
		}
		assertThat(serverSideTimeWait(port)).as("the stop left the server's side in TIME_WAIT").isPositive();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> RawClient.connect(port));
		long started = System.nanoTime();
		try (TestService second = TestService.start(onlyLine("ackgate.line.port=" + port));
				RawClient client = RawClient.connect(port)) {
			client.write("again\n");
			assertThat(client.read(ack("again").length)).isEqualTo(ack("again"));
			log.info("Restarted on port {} with {} TIME_WAIT sockets and acked in {} ms", port, serverSideTimeWait(port),
					Duration.ofNanos(System.nanoTime() - started).toMillis());
		}
	}

	/** Sockets in TIME_WAIT whose local port is {@code port}, from /proc/net/tcp (IPv4) and tcp6. */
	private static long serverSideTimeWait(int port) throws IOException {
		String localPort = String.format(":%04X", port);
		long count = 0;
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			Path path = Path.of(table);
			if (Files.isReadable(path)) {
				count += Files.readAllLines(path).stream().skip(1).map(line -> line.trim().split("\\s+"))
					.filter(fields -> fields[1].endsWith(localPort) && fields[3].equals("06"))
					.count();
			}
		}
		return count;
	}

}
