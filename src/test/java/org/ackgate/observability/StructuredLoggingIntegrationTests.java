package org.ackgate.observability;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code logging.structured.format.console=ecs} every console line is one JSON object, and
 * the endpoint, peer, connection id and close reason are fields of their own; protocol-error WARNs
 * are rate-limited per peer while every error is still counted.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private RunningService service;

	@AfterEach
	void stop() {
		if (this.service != null) {
			this.service.close();
		}
		// Boot hands the format to Logback as a system property and leaves it set: clear it, so
		// contexts started later in this JVM log as configured, not as this test did.
		System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
	}

	@Test
	void ecsLinesCarryEndpointPeerConnectionIdAndReasonAsFields(CapturedOutput output) throws IOException {
		this.service = RunningService.start("--logging.structured.format.console=ecs");
		String peer;
		try (Socket socket = Clients.connect(this.service.port("line"))) {
			peer = "127.0.0.1:" + socket.getLocalPort();
			socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
			Clients.readExactly(socket.getInputStream(), "已接收: hello\n".getBytes(StandardCharsets.UTF_8).length);
		}
		JsonNode opened = awaitLine(output, line -> "line".equals(text(line, "endpoint"))
				&& text(line, "message").contains("connection opened") && peer.equals(text(line, "peer")));
		assertThat(opened.get("log").get("level").asString()).isEqualTo("INFO");
		assertThat(opened.get("log").get("logger").asString()).isEqualTo("org.ackgate.tcp.ConnectionEvents");
		assertThat(opened.get("@timestamp").asString()).isNotBlank();
		assertThat(opened.get("ecs").get("version").asString()).isNotBlank();
		String connectionId = text(opened, "connection_id");
		assertThat(connectionId).isNotBlank().contains(String.valueOf(peer.substring(peer.indexOf(':') + 1)));

		JsonNode closed = awaitLine(output, line -> text(line, "message").contains("closed")
				&& connectionId.equals(text(line, "connection_id")));
		assertThat(text(closed, "endpoint")).isEqualTo("line");
		assertThat(text(closed, "peer")).isEqualTo(peer);
		assertThat(text(closed, "reason")).isEqualTo("client");

		try (Socket socket = Clients.connect(this.service.port("framed"))) {
			socket.getOutputStream().write(negativeLengthFrame());
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		JsonNode protocolError = awaitLine(output, line -> "WARN".equals(line.path("log").path("level").asString())
				&& "framed".equals(text(line, "endpoint")));
		assertThat(text(protocolError, "reason")).isEqualTo("negative_length");
		assertThat(text(protocolError, "peer")).startsWith("127.0.0.1:");
		assertThat(text(protocolError, "connection_id")).isNotBlank();
		assertThat(protocolError.has("error")).as("no stack trace for expected peer behaviour").isFalse();

		assertThat(output.getOut().lines().filter(line -> !line.isBlank()))
			.as("every console line is a JSON object")
			.allSatisfy(line -> assertThat(parse(line)).as(line).isNotNull());
	}

	@Test
	void protocolErrorWarningsAreRateLimitedPerPeerButEveryErrorIsCounted(CapturedOutput output) throws IOException {
		this.service = RunningService.start("--ackgate.line.max-message-size=16B");
		int errors = 12;
		for (int i = 0; i < errors; i++) {
			try (Socket socket = Clients.connect(this.service.port("line"))) {
				socket.getOutputStream().write(new byte[64]);
				assertThat(socket.getInputStream().read()).isEqualTo(-1);
			}
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.service.scrape()
				.value("ackgate_protocol_errors_total", "endpoint", "line", "reason", "oversize") == errors);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.service.scrape()
				.value("ackgate_connections_closed_total", "endpoint", "line", "reason", "protocol") == errors);
		List<String> warnings = output.getOut().lines().filter(line -> line.contains("line protocol error from")).toList();
		assertThat(warnings).hasSize(5).allSatisfy(line -> assertThat(line).contains("WARN"));
	}

	private static byte[] negativeLengthFrame() {
		return ByteBuffer.allocate(11).put("Headers".getBytes(StandardCharsets.US_ASCII)).putInt(-7).array();
	}

	private static JsonNode awaitLine(CapturedOutput output, Predicate<JsonNode> matching) {
		JsonNode[] found = new JsonNode[1];
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			found[0] = output.getOut()
				.lines()
				.filter(line -> line.startsWith("{"))
				.map(StructuredLoggingIntegrationTests::parse)
				.filter(line -> line != null && matching.test(line))
				.findFirst()
				.orElse(null);
			return found[0] != null;
		});
		return found[0];
	}

	private static String text(JsonNode line, String field) {
		JsonNode value = line.get(field);
		return (value != null) ? value.asString() : "";
	}

	private static JsonNode parse(String line) {
		try {
			JsonNode node = JSON.readTree(line);
			return node.isObject() ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
