package org.ackgate.time;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/** The TCP time-on-connect and UDP time endpoints over real sockets. */
@TransportIndependent
class TimeIntegrationTests {

	private static final String RFC3339 = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)";

	private static TestService service;

	@BeforeAll
	static void start() {
		// The time endpoint is served the same way on both ack transports.
		service = TestService.start("ackgate.time.linger=500ms", "ackgate.tcp.transport=event-loop");
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	private static void assertNow(String text) {
		assertThat(text).matches(RFC3339);
		Instant reported = OffsetDateTime.parse(text).toInstant();
		assertThat(Duration.between(reported, Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void seed002ClientReadsTheTimeThenTheServersClose() throws IOException {
		try (RawClient client = RawClient.connect(service.timePort())) {
			assertNow(new String(client.readToEnd(), StandardCharsets.UTF_8));
		}
	}

	@Test
	void seed000ClientSendsARequestAndStillGetsTheTimeAndACleanEnd() throws IOException {
		for (int i = 0; i < 20; i++) {
			try (RawClient client = RawClient.connect(service.timePort())) {
				client.write("HEAD / HTTP/1.0\r\n\r\n");
				// readToEnd fails on a reset: the time must arrive whole, then a clean end of stream.
				assertNow(new String(client.readToEnd(), StandardCharsets.UTF_8));
			}
		}
	}

	@Test
	void aClientThatNeverClosesIsClosedAfterTheLinger() throws IOException {
		try (RawClient client = RawClient.connect(service.timePort())) {
			assertNow(new String(client.readToEnd(), StandardCharsets.UTF_8));
			// Output shut by the server; now it waits up to the linger time for our close, then closes itself.
			assertThat(client.closedByServer(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void keepOpenWritesTheTimeAndWaitsForTheClient() throws IOException {
		try (TestService keepOpen = TestService.start("ackgate.time.keep-open=true", "ackgate.time.format=go",
				"ackgate.line.enabled=false", "ackgate.framed.enabled=false", "ackgate.udp.enabled=false");
				RawClient client = RawClient.connect(keepOpen.timePort())) {
			byte[] buffer = new byte[200];
			int read = client.socket().getInputStream().read(buffer);
			assertThat(new String(buffer, 0, read, StandardCharsets.UTF_8))
				.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? [+-]\\d{4} \\S+ m=\\+\\d+\\.\\d{9}");
			client.write("read data");
			client.assertSilentFor(Duration.ofMillis(300));
		}
	}

	@Test
	void udpAnswersTheSeedsRequestWithRfc3339() throws IOException {
		assertNow(udpExchange("获取时间".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void udpAnswersEmptyAndLargeDatagrams() throws IOException {
		assertNow(udpExchange(new byte[0]));
		assertNow(udpExchange(new byte[1200]));
		assertNow(udpExchange(new byte[9000]));
		assertNow(udpExchange(new byte[65_507]));
	}

	@Test
	void aDatagramAskingForAnAckToAThirdPartyGetsOnlyTheTimeBack() throws IOException {
		// Spring Integration's stock UDP mapper would send an ack to the address named here.
		try (DatagramSocket victim = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			victim.setSoTimeout(500);
			String request = "ip_ackTo=127.0.0.1:" + victim.getLocalPort() + ";id=" + java.util.UUID.randomUUID()
					+ ";payload";
			assertNow(udpExchange(request.getBytes(StandardCharsets.US_ASCII)));
			DatagramPacket stray = new DatagramPacket(new byte[100], 100);
			org.assertj.core.api.Assertions.assertThatExceptionOfType(java.net.SocketTimeoutException.class)
				.isThrownBy(() -> victim.receive(stray));
		}
	}

	@Test
	void fiftyConcurrentUdpSendersEachGetTheirOwnReply() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(50);
		try {
			List<Future<String>> replies = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				byte[] request = ("sender " + i).getBytes(StandardCharsets.UTF_8);
				Callable<String> exchange = () -> udpExchange(request);
				replies.add(pool.submit(exchange));
			}
			for (Future<String> reply : replies) {
				assertNow(reply.get(30, TimeUnit.SECONDS));
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** One request, with retries as a UDP client must, since loopback may still drop under load. */
	private static String udpExchange(byte[] request) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			socket.setSoTimeout(2000);
			InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), service.udpPort());
			for (int attempt = 0; attempt < 5; attempt++) {
				socket.send(new DatagramPacket(request, request.length, server));
				DatagramPacket reply = new DatagramPacket(new byte[1024], 1024);
				try {
					socket.receive(reply);
					assertThat(reply.getSocketAddress()).as("reply comes from the port asked").isEqualTo(server);
					return new String(Arrays.copyOf(reply.getData(), reply.getLength()), StandardCharsets.UTF_8);
				}
				catch (java.net.SocketTimeoutException ex) {
					// retry
				}
			}
			throw new IOException("no UDP reply after 5 attempts");
		}
	}

}
