package org.ackgate.framed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

import static org.assertj.core.api.Assertions.assertThat;

/** The framed-ack endpoint over real sockets: seed 004's exchange, segmentation, bad frames. */
class FramedAckIntegrationTests {

	private static final byte[] ACK = "我收到了".getBytes(StandardCharsets.UTF_8);

	private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

	private static TestService service;

	@BeforeAll
	static void start() {
		service = TestService.start("ackgate.framed.max-message-size=4KB");
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	private static byte[] frame(String payload) {
		return HeadersCodec.encode(payload.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] header(int length) {
		return ByteBuffer.allocate(11).put("Headers".getBytes(StandardCharsets.US_ASCII)).putInt(length).array();
	}

	private static byte[] acks(int count) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (int i = 0; i < count; i++) {
			all.writeBytes(ACK);
		}
		return all.toByteArray();
	}

	@Test
	void seed004ExchangeFrameAckReceiptClose() throws IOException {
		String words = "{\"ID\":\"i\",\"Name\":\"Joel\",\"Age\":\"53\",\"Programming Language\":\"go\"}";
		try (RawClient client = RawClient.connect(service.framedPort())) {
			client.write(frame(words));
			assertThat(client.read(12)).isEqualTo(ACK);
			client.write("ok");
			client.assertSilentFor(Duration.ofMillis(200));
		}
	}

	@Test
	void aFrameSplitAtEveryByteGetsExactlyOneAck() throws Exception {
		byte[] frame = frame("split at every offset, 分段");
		try (RawClient client = RawClient.connect(service.framedPort())) {
			for (int split = 1; split < frame.length; split++) {
				client.write(Arrays.copyOfRange(frame, 0, split));
				Thread.sleep(3);
				client.write(Arrays.copyOfRange(frame, split, frame.length));
				assertThat(client.read(ACK.length)).as("split at %d", split).isEqualTo(ACK);
			}
			client.assertSilentFor(Duration.ofMillis(200));
		}
	}

	@Test
	void coalescedFramesGetOneAckEachInOrder() throws IOException {
		ByteArrayOutputStream batch = new ByteArrayOutputStream();
		for (int i = 0; i < 50; i++) {
			batch.writeBytes(frame("frame " + i));
		}
		try (RawClient client = RawClient.connect(service.framedPort())) {
			client.write(batch.toByteArray());
			assertThat(client.read(50 * ACK.length)).isEqualTo(acks(50));
			client.assertSilentFor(Duration.ofMillis(200));
		}
	}

	@Test
	void garbageBeforeTheMagicIsSkipped() throws IOException {
		try (RawClient client = RawClient.connect(service.framedPort())) {
			client.write("noise before HeadHe".getBytes(StandardCharsets.UTF_8));
			client.write(frame("after noise"));
			assertThat(client.read(ACK.length)).isEqualTo(ACK);
		}
	}

	@Test
	void receiptsBetweenFramesAndRightBeforeTheNextFrameNeitherGetAnAckNorStall() throws IOException {
		try (RawClient client = RawClient.connect(service.framedPort())) {
			client.write(frame("one"));
			assertThat(client.read(ACK.length)).isEqualTo(ACK);
			client.write("ok");
			client.assertSilentFor(Duration.ofMillis(100));
			ByteArrayOutputStream receiptThenFrame = new ByteArrayOutputStream();
			receiptThenFrame.writeBytes("okok".getBytes(StandardCharsets.US_ASCII));
			receiptThenFrame.writeBytes(frame("two"));
			client.write(receiptThenFrame.toByteArray());
			assertThat(client.read(ACK.length)).isEqualTo(ACK);
			client.write("ok");
			client.write(frame("three"));
			assertThat(client.read(ACK.length)).isEqualTo(ACK);
		}
	}

	@Test
	void emptyOneByteAndMaximumSizeFramesAreAcked() throws IOException {
		try (RawClient client = RawClient.connect(service.framedPort())) {
			client.write(frame(""));
			client.write(frame("1"));
			client.write(HeadersCodec.encode(new byte[4096]));
			assertThat(client.read(3 * ACK.length)).isEqualTo(acks(3));
		}
	}

	@Test
	void aNegativeLengthClosesThatConnectionAndTheServerServesOn() throws IOException {
		assertClosesWithoutAck(header(-1));
	}

	@Test
	void anOversizeLengthClosesThatConnectionAndTheServerServesOn() throws IOException {
		assertClosesWithoutAck(header(4097));
		assertClosesWithoutAck(header(Integer.MAX_VALUE));
	}

	private void assertClosesWithoutAck(byte[] badHeader) throws IOException {
		try (RawClient bystander = RawClient.connect(service.framedPort());
				RawClient offender = RawClient.connect(service.framedPort())) {
			offender.write(badHeader);
			assertThat(offender.closedByServer(CLOSE_WAIT)).isTrue();
			bystander.write(frame("still served"));
			assertThat(bystander.read(ACK.length)).isEqualTo(ACK);
		}
		try (RawClient next = RawClient.connect(service.framedPort())) {
			next.write(frame("new client"));
			assertThat(next.read(ACK.length)).isEqualTo(ACK);
		}
	}

	@Test
	void aClientClosingMidFrameGetsNoAckForThePartialFrame() throws IOException {
		byte[] second = frame("never finished");
		try (RawClient client = RawClient.connect(service.framedPort())) {
			client.write(frame("finished"));
			client.write(Arrays.copyOf(second, second.length - 3));
			assertThat(client.read(ACK.length)).isEqualTo(ACK);
			client.socket().shutdownOutput();
			assertThat(client.closedByServer(CLOSE_WAIT)).isTrue();
		}
		try (RawClient next = RawClient.connect(service.framedPort())) {
			next.write(frame("next"));
			assertThat(next.read(ACK.length)).isEqualTo(ACK);
		}
	}

	@Test
	void hundredConnectionsTimesTwoHundredFramesLoseAndDuplicateNothing() throws Exception {
		int connections = 100;
		int frames = 200;
		ExecutorService pool = Executors.newFixedThreadPool(connections);
		try {
			List<Future<byte[]>> received = new ArrayList<>();
			for (int c = 0; c < connections; c++) {
				int connection = c;
				Callable<byte[]> task = () -> {
					try (RawClient client = RawClient.connect(service.framedPort())) {
						ByteArrayOutputStream all = new ByteArrayOutputStream();
						for (int f = 0; f < frames; f++) {
							all.writeBytes(frame("c" + connection + " f" + f));
							all.writeBytes("ok".getBytes(StandardCharsets.US_ASCII));
						}
						client.write(all.toByteArray());
						byte[] acks = client.read(frames * ACK.length);
						client.assertSilentFor(Duration.ofMillis(100));
						return acks;
					}
				};
				received.add(pool.submit(task));
			}
			for (int c = 0; c < connections; c++) {
				assertThat(received.get(c).get(60, TimeUnit.SECONDS)).as("connection %d", c).isEqualTo(acks(frames));
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void framedAcksOnRequest() throws IOException {
		try (TestService framing = TestService.start("ackgate.framed.ack-framing=headers", "ackgate.line.enabled=false",
				"ackgate.time.enabled=false", "ackgate.udp.enabled=false");
				RawClient client = RawClient.connect(framing.framedPort())) {
			client.write(frame("a"));
			client.write(frame("b"));
			assertThat(client.read(2 * (11 + ACK.length))).isEqualTo(concat(HeadersCodec.encode(ACK), HeadersCodec.encode(ACK)));
		}
	}

	private static byte[] concat(byte[] first, byte[] second) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		all.writeBytes(first);
		all.writeBytes(second);
		return all.toByteArray();
	}

}
