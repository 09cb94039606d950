package org.ackgate.tcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The message timeout: a peer trickling a message's bytes (a slow-loris) is cut off however
 * often bytes arrive; a peer that sends whole messages slowly, or confirms a receipt and then
 * waits, is not.
 */
class SlowPeerIntegrationTests {

	private static byte[] ack(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private static double slowCloses(TestService service, String endpoint) {
		var counter = service.context()
			.getBean(MeterRegistry.class)
			.find("ackgate.connections.closed")
			.tags("endpoint", endpoint, "reason", "slow")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void aPeerTricklingALineIsCutOffWhileOneSendingWholeLinesSlowlyIsServed() throws Exception {
		try (TestService service = TestService.start("ackgate.framed.enabled=false", "ackgate.time.enabled=false",
				"ackgate.udp.enabled=false", "ackgate.line.message-timeout=800ms", "ackgate.line.read-timeout=10s");
				RawClient trickler = RawClient.connect(service.linePort());
				RawClient patient = RawClient.connect(service.linePort())) {
			long started = System.nanoTime();
			boolean cutOff = false;
			int sent = 0;
			// Every 150 ms: a byte from the trickler (never a whole line), a whole line from the other.
			while (!cutOff && System.nanoTime() - started < Duration.ofSeconds(6).toNanos()) {
				try {
					trickler.write("x");
				}
				catch (IOException closed) {
					cutOff = true;
					break;
				}
				patient.write("line " + sent + "\n");
				assertThat(patient.read(ack("line " + sent).length)).isEqualTo(ack("line " + sent));
				sent++;
				cutOff = trickler.closedByServer(Duration.ofMillis(150));
			}
			long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
			assertThat(cutOff).as("trickler cut off").isTrue();
			// The read timeout (10 s) would never fire: bytes keep arriving.
			assertThat(elapsedMillis).isBetween(700L, 4000L);
			// The close is counted just after the socket closes.
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(slowCloses(service, "line")).isEqualTo(1));
			patient.write("still here\n");
			assertThat(patient.read(ack("still here").length)).isEqualTo(ack("still here"));
		}
	}

	@Test
	void aFramedClientThatConfirmsAndThenWaitsIsNotSlow() throws Exception {
		byte[] ackText = "我收到了".getBytes(StandardCharsets.UTF_8);
		try (TestService service = TestService.start("ackgate.line.enabled=false", "ackgate.time.enabled=false",
				"ackgate.udp.enabled=false", "ackgate.framed.message-timeout=300ms",
				"ackgate.framed.read-timeout=10s");
				RawClient client = RawClient.connect(service.framedPort())) {
			client.write(frame("one"));
			assertThat(client.read(ackText.length)).isEqualTo(ackText);
			client.write("ok");
			client.assertSilentFor(Duration.ofMillis(1200)); // still open after the receipt
			client.write(frame("two"));
			assertThat(client.read(ackText.length)).isEqualTo(ackText);
			// Half a frame, then nothing: that one is slow.
			byte[] half = frame("three");
			client.write(java.util.Arrays.copyOf(half, 9));
			assertThat(client.closedByServer(Duration.ofSeconds(5))).isTrue();
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(slowCloses(service, "framed")).isEqualTo(1));
		}
	}

	/*
	 * Each write ends inside the next line, so the service never reads up to a message boundary:
	 * the message timeout must run from the line still open, not from the first partial line ever.
	 */
	@Test
	void aPeerStreamingLinesThatStraddleItsWritesIsNotSlow() throws Exception {
		try (TestService service = TestService.start("ackgate.framed.enabled=false", "ackgate.time.enabled=false",
				"ackgate.udp.enabled=false", "ackgate.line.message-timeout=800ms", "ackgate.line.read-timeout=10s");
				RawClient client = RawClient.connect(service.linePort())) {
			long started = System.nanoTime();
			client.write("line 0 first half, ");
			int line = 0;
			while (System.nanoTime() - started < Duration.ofSeconds(3).toNanos()) {
				client.write("second half\nline " + (line + 1) + " first half, ");
				String whole = "line " + line + " first half, second half";
				assertThat(client.read(ack(whole).length)).as("ack %d", line).isEqualTo(ack(whole));
				line++;
				Thread.sleep(20); // paces the stream: a line about every 20 ms, always one left open
			}
			assertThat(slowCloses(service, "line")).isZero();
			client.write("second half\n");
			String last = "line " + line + " first half, second half";
			assertThat(client.read(ack(last).length)).isEqualTo(ack(last));
		}
	}

	/* Garbage before a frame is part of the message being looked for: trickled, it is slow. */
	@Test
	void aPeerTricklingGarbageToTheFramedEndpointIsCutOff() throws Exception {
		try (TestService service = TestService.start("ackgate.line.enabled=false", "ackgate.time.enabled=false",
				"ackgate.udp.enabled=false", "ackgate.framed.message-timeout=800ms",
				"ackgate.framed.read-timeout=10s");
				RawClient trickler = RawClient.connect(service.framedPort())) {
			long started = System.nanoTime();
			boolean cutOff = false;
			while (!cutOff && System.nanoTime() - started < Duration.ofSeconds(6).toNanos()) {
				try {
					trickler.write("x");
				}
				catch (IOException closed) {
					break;
				}
				cutOff = trickler.closedByServer(Duration.ofMillis(150));
			}
			long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
			// The read timeout (10 s) would never fire: bytes keep arriving.
			assertThat(elapsedMillis).as("cut off after").isBetween(700L, 4000L);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(slowCloses(service, "framed")).isEqualTo(1));
		}
	}

	private static byte[] frame(String payload) {
		byte[] body = payload.getBytes(StandardCharsets.UTF_8);
		return java.nio.ByteBuffer.allocate(11 + body.length)
			.put("Headers".getBytes(StandardCharsets.US_ASCII))
			.putInt(body.length)
			.put(body)
			.array();
	}

}
