package org.ackgate.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;

/** A flooding source is limited; NTP requests over the limit get Kiss-o'-Death RATE packets. */
class RateLimitIntegrationTests {

	private static byte[] ntpRequest() {
		byte[] request = new byte[48];
		request[0] = (byte) ((4 << 3) | 3);
		ByteBuffer.wrap(request).putLong(40, 42);
		return request;
	}

	@Test
	void overTheBurstNtpGetsKissOfDeathRateAndTextGetsNothing() throws IOException {
		try (TestService service = TestService.start("ackgate.udp.rate-limit.enabled=true",
				"ackgate.udp.rate-limit.interval=12", "ackgate.udp.rate-limit.burst=3", "ackgate.udp.rate-limit.leak=0",
				"ackgate.line.enabled=false", "ackgate.framed.enabled=false", "ackgate.time.enabled=false")) {
			int port = service.udpPort();
			for (int i = 0; i < 3; i++) {
				byte[] reply = NtpIntegrationTests.exchange(port, ntpRequest());
				assertThat(reply[1]).as("stratum of answer %d", i).isEqualTo((byte) 2);
			}
			byte[] kiss = NtpIntegrationTests.exchange(port, ntpRequest());
			assertThat(kiss[1]).as("stratum 0: a kiss").isZero();
			assertThat(new String(kiss, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("RATE");
			assertThat((kiss[0] & 0xFF) >> 6).as("leap indicator").isEqualTo(3);
			assertThat(NtpIntegrationTests.noReply(port, "获取时间".getBytes(StandardCharsets.UTF_8))).isTrue();
		}
	}

	@Test
	void aLimitedSourceDoesNotHurtAnother() throws Exception {
		try (TestService service = TestService.start("ackgate.udp.rate-limit.enabled=true",
				"ackgate.udp.rate-limit.interval=12", "ackgate.udp.rate-limit.burst=2",
				"ackgate.line.enabled=false", "ackgate.framed.enabled=false", "ackgate.time.enabled=false")) {
			int port = service.udpPort();
			for (int i = 0; i < 2; i++) {
				assertThat(NtpIntegrationTests.noReply(port, new byte[] { 1 })).as("within the burst").isFalse();
			}
			assertThat(NtpIntegrationTests.noReply(port, new byte[] { 1 })).as("127.0.0.1 is limited").isTrue();
			// 127.0.0.2 is another source on the loopback network, and reaches the service on 127.0.0.1.
			try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
				other.setSoTimeout(5000);
				other.send(new DatagramPacket(new byte[] { 1 }, 1, InetAddress.getLoopbackAddress(), port));
				DatagramPacket reply = new DatagramPacket(new byte[100], 100);
				other.receive(reply);
				String time = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
				assertThat(time).as("the time, as RFC 3339").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
				assertThat(Duration.between(OffsetDateTime.parse(time).toInstant(), Instant.now()).abs())
					.isLessThan(Duration.ofSeconds(5));
			}
		}
	}

}
