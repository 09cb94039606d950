package org.ackgate.observability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real traffic on real sockets, then a scrape over HTTP: each counter moves by exactly what was
 * sent. Every test reads the counters before and after its own traffic, so the order of the
 * tests does not matter; each leaves no connection open.
 */
class MetricsIntegrationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static RunningService service;

	@BeforeAll
	static void start() {
		service = RunningService.start("--ackgate.line.read-timeout=1500ms", "--ackgate.line.max-message-size=1KB",
				"--ackgate.framed.max-connections=3",
				"--management.metrics.enable.spring.integration.send=true");
	}

	@AfterAll
	static void stop() {
		if (service != null) {
			service.close();
		}
	}

	@Test
	void lineMessagesAcksAndBytesAreCountedExactly() throws IOException {
		Scrape before = service.scrape();
		int lines = 25;
		StringBuilder request = new StringBuilder();
		long expectedAckBytes = 0;
		for (int i = 0; i < lines; i++) {
			String line = "message " + i + " 你好";
			request.append(line).append('\n');
			expectedAckBytes += ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8).length;
		}
		byte[] requestBytes = request.toString().getBytes(StandardCharsets.UTF_8);
		try (Socket socket = Clients.connect(service.port("line"))) {
			socket.getOutputStream().write(requestBytes);
			Clients.readExactly(socket.getInputStream(), (int) expectedAckBytes);
		}
		awaitDelta(before, 1, "ackgate_connections_closed_total", "endpoint", "line", "reason", "client");
		Scrape after = service.scrape();
		assertDelta(before, after, lines, "ackgate_messages_received_total", "endpoint", "line");
		assertDelta(before, after, lines, "ackgate_acks_sent_total", "endpoint", "line");
		assertDelta(before, after, lines, "ackgate_ack_latency_seconds_count", "endpoint", "line");
		assertDelta(before, after, requestBytes.length, "ackgate_bytes_received_total", "endpoint", "line");
		assertDelta(before, after, expectedAckBytes, "ackgate_bytes_sent_total", "endpoint", "line");
		assertDelta(before, after, 1, "ackgate_connections_opened_total", "endpoint", "line");
		assertDelta(before, after, 0, "ackgate_protocol_errors_total", "endpoint", "line", "reason", "oversize");
		assertThat(after.value("ackgate_connections_active", "endpoint", "line")).isZero();
		// Acks on loopback leave well within a second: the histogram's buckets resolve them.
		assertThat(after.value("ackgate_ack_latency_seconds_bucket", "endpoint", "line", "le", "1.0")
				- before.value("ackgate_ack_latency_seconds_bucket", "endpoint", "line", "le", "1.0"))
			.isEqualTo(lines);
		assertThat(after.has("ackgate_ack_latency_seconds_bucket", "endpoint", "line", "le", "2.5E-5")).isTrue();
	}

	@Test
	void framedFramesReceiptsAndSkippedBytesAreCountedExactly() throws IOException {
		Scrape before = service.scrape();
		int frames = 7;
		byte[] ack = "我收到了".getBytes(StandardCharsets.UTF_8);
		long sent = 0;
		try (Socket socket = Clients.connect(service.port("framed"))) {
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			for (int i = 0; i < frames; i++) {
				byte[] frame = Clients.frame(("{\"ID\":\"" + i + "\"}").getBytes(StandardCharsets.UTF_8));
				byte[] garbage = (i == 3) ? "xyz".getBytes(StandardCharsets.US_ASCII) : new byte[0];
				out.write(garbage);
				out.write(frame);
				assertThat(Clients.readExactly(in, ack.length)).isEqualTo(ack);
				out.write("ok".getBytes(StandardCharsets.US_ASCII));
				sent += garbage.length + frame.length + 2;
			}
			long total = sent;
			await().atMost(DEADLINE).until(() -> delta(before, service.scrape(), "ackgate_bytes_received_total",
					"endpoint", "framed") == total);
			awaitDelta(before, frames, "ackgate_receipts_total", "endpoint", "framed");
		}
		awaitDelta(before, 1, "ackgate_connections_closed_total", "endpoint", "framed", "reason", "client");
		Scrape after = service.scrape();
		assertDelta(before, after, frames, "ackgate_messages_received_total", "endpoint", "framed");
		assertDelta(before, after, frames, "ackgate_acks_sent_total", "endpoint", "framed");
		assertDelta(before, after, (long) frames * ack.length, "ackgate_bytes_sent_total", "endpoint", "framed");
		assertDelta(before, after, 1, "ackgate_protocol_errors_total", "endpoint", "framed", "reason",
				"skipped_bytes");
		assertDelta(before, after, 3, "ackgate_skipped_bytes_total", "endpoint", "framed");
	}

	@Test
	void negativeLengthIsOneProtocolErrorAndClosesWithReasonProtocol() throws IOException {
		Scrape before = service.scrape();
		try (Socket socket = Clients.connect(service.port("framed"))) {
			socket.getOutputStream()
				.write(ByteBuffer.allocate(11).put("Headers".getBytes(StandardCharsets.US_ASCII)).putInt(-1).array());
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		awaitDelta(before, 1, "ackgate_connections_closed_total", "endpoint", "framed", "reason", "protocol");
		Scrape after = service.scrape();
		assertDelta(before, after, 1, "ackgate_protocol_errors_total", "endpoint", "framed", "reason",
				"negative_length");
		assertDelta(before, after, 0, "ackgate_protocol_errors_total", "endpoint", "framed", "reason", "oversize");
		assertDelta(before, after, 0, "ackgate_messages_received_total", "endpoint", "framed");
		assertDelta(before, after, 0, "ackgate_acks_sent_total", "endpoint", "framed");
	}

	@Test
	void oversizeLineIsOneProtocolErrorAndClosesWithReasonProtocol() throws IOException {
		Scrape before = service.scrape();
		try (Socket socket = Clients.connect(service.port("line"))) {
			socket.getOutputStream().write(new byte[2048]);
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		awaitDelta(before, 1, "ackgate_connections_closed_total", "endpoint", "line", "reason", "protocol");
		assertDelta(before, service.scrape(), 1, "ackgate_protocol_errors_total", "endpoint", "line", "reason",
				"oversize");
	}

	@Test
	void clientVanishingMidLineIsTruncatedAndClosedByTheClient() throws IOException {
		Scrape before = service.scrape();
		try (Socket socket = Clients.connect(service.port("line"))) {
			socket.getOutputStream().write("half a line".getBytes(StandardCharsets.US_ASCII));
		}
		awaitDelta(before, 1, "ackgate_protocol_errors_total", "endpoint", "line", "reason", "truncated");
		awaitDelta(before, 1, "ackgate_connections_closed_total", "endpoint", "line", "reason", "client");
		assertDelta(before, service.scrape(), 0, "ackgate_connections_closed_total", "endpoint", "line", "reason",
				"protocol");
	}

	@Test
	void silentConnectionIsClosedWithReasonIdle() throws IOException {
		Scrape before = service.scrape();
		try (Socket socket = Clients.connect(service.port("line"))) {
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		awaitDelta(before, 1, "ackgate_connections_closed_total", "endpoint", "line", "reason", "idle");
	}

	@Test
	void activeConnectionsGoUpAndBackDown() throws IOException {
		// The framed endpoint: its read timeout is the default 30 s, so no connection idles out here.
		Scrape before = service.scrape();
		assertThat(before.value("ackgate_connections_active", "endpoint", "framed")).isZero();
		List<Socket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 2; i++) {
				sockets.add(Clients.connect(service.port("framed")));
			}
			await().atMost(DEADLINE)
				.until(() -> service.scrape().value("ackgate_connections_active", "endpoint", "framed") == 2);
			JsonNode health = service.json("/actuator/health/endpoints/framed");
			assertThat(health.get("details").get("connections").asInt()).isEqualTo(2);
			assertThat(health.get("details").get("atLimit").asBoolean()).isFalse();
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
		await().atMost(DEADLINE)
			.until(() -> service.scrape().value("ackgate_connections_active", "endpoint", "framed") == 0);
		assertDelta(before, service.scrape(), 2, "ackgate_connections_opened_total", "endpoint", "framed");
	}

	@Test
	void connectionOverTheLimitCountsAsOpenedAndClosedWithReasonLimit() throws IOException {
		Scrape before = service.scrape();
		List<Socket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				sockets.add(Clients.connect(service.port("framed")));
			}
			await().atMost(DEADLINE)
				.until(() -> service.scrape().value("ackgate_connections_active", "endpoint", "framed") == 3);
			try (Socket refused = Clients.connect(service.port("framed"))) {
				assertThat(refused.getInputStream().read()).isEqualTo(-1);
			}
			awaitDelta(before, 1, "ackgate_connections_closed_total", "endpoint", "framed", "reason", "limit");
			assertThat(service.json("/actuator/health/endpoints/framed").get("status").asString()).isEqualTo("UP");
			assertThat(service.json("/actuator/health/endpoints/framed").get("details").get("atLimit").asBoolean())
				.isTrue();
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
		awaitDelta(before, 3, "ackgate_connections_closed_total", "endpoint", "framed", "reason", "client");
		Scrape after = service.scrape();
		assertDelta(before, after, 4, "ackgate_connections_opened_total", "endpoint", "framed");
		assertThat(after.value("ackgate_connections_active", "endpoint", "framed")).isZero();
	}

	@Test
	void timeRepliesAreCountedOnTheTcpAndUdpEndpoints() throws IOException {
		Scrape before = service.scrape();
		byte[] time;
		try (Socket socket = Clients.connect(service.port("time"))) {
			time = Clients.readToEnd(socket);
		}
		int datagrams = 5;
		long requestBytes = 0;
		long replyBytes = 0;
		for (int i = 0; i < datagrams; i++) {
			byte[] request = ("获取时间 " + i).getBytes(StandardCharsets.UTF_8);
			replyBytes += Clients.udpExchange(service.port("udp"), request).length;
			requestBytes += request.length;
		}
		awaitDelta(before, 1, "ackgate_connections_closed_total", "endpoint", "time", "reason", "client");
		awaitDelta(before, datagrams, "ackgate_time_responses_total", "endpoint", "udp", "dialect", "text");
		Scrape after = service.scrape();
		assertDelta(before, after, 1, "ackgate_time_responses_total", "endpoint", "time", "dialect", "text");
		assertDelta(before, after, time.length, "ackgate_bytes_sent_total", "endpoint", "time");
		assertDelta(before, after, datagrams, "ackgate_udp_requests_total", "endpoint", "udp", "dialect", "text");
		assertDelta(before, after, requestBytes, "ackgate_bytes_received_total", "endpoint", "udp");
		assertDelta(before, after, replyBytes, "ackgate_bytes_sent_total", "endpoint", "udp");
		assertDelta(before, after, 0, "ackgate_udp_dropped_total", "endpoint", "udp", "reason", "send_buffer_full");
	}

	@Test
	void everyEndpointIsTaggedAndNoLabelCarriesAGeneratedName() throws IOException {
		try (Socket socket = Clients.connect(service.port("line"))) {
			socket.getOutputStream().write("warm up every channel\n".getBytes(StandardCharsets.UTF_8));
			socket.getInputStream().read();
		}
		Clients.udpExchange(service.port("udp"), new byte[] { 1 });
		Scrape scrape = service.scrape();
		assertThat(scrape.samples()).filteredOn(sample -> sample.name().startsWith("ackgate_"))
			.allSatisfy(sample -> assertThat(sample.labels()).containsKey("endpoint"));
		assertThat(scrape.samples()).flatMap(sample -> sample.labels().values()).noneMatch(value -> value.contains("#"));
		assertThat(scrape.has("spring_integration_send_seconds_count", "name", "line.requests")).isTrue();
		assertThat(scrape.has("spring_integration_send_seconds_count", "name", "udp.replies")).isTrue();
		for (String endpoint : List.of("line", "framed", "time")) {
			assertThat(scrape.has("ackgate_connections_active", "endpoint", endpoint)).as(endpoint).isTrue();
		}
	}

	@Test
	void promtoolFindsNothingToReportInARealScrape() throws Exception {
		Promtool.assumeInstalled();
		try (Socket socket = Clients.connect(service.port("framed"))) {
			socket.getOutputStream().write(Clients.frame(new byte[] { 'x' }));
			socket.getInputStream().read();
		}
		Clients.udpExchange(service.port("udp"), new byte[] { 1 });
		String scrape = service.scrape().text();
		Promtool.Result result = Promtool.checkMetrics(scrape);
		assertThat(result.output()).as("promtool check metrics").isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	private static void awaitDelta(Scrape before, double expected, String name, String... labels) {
		await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).untilAsserted(
				() -> assertThat(delta(before, service.scrape(), name, labels)).as(name + " " + List.of(labels))
					.isEqualTo(expected));
	}

	private static void assertDelta(Scrape before, Scrape after, double expected, String name, String... labels) {
		assertThat(delta(before, after, name, labels)).as(name + " " + List.of(labels)).isEqualTo(expected);
	}

	private static double delta(Scrape before, Scrape after, String name, String... labels) {
		double now = after.value(name, labels);
		assertThat(now).as("a sample " + name + " " + List.of(labels)).isNotNaN();
		double then = before.value(name, labels);
		return now - (Double.isNaN(then) ? 0 : then);
	}

}
