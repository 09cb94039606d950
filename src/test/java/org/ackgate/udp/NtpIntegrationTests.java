package org.ackgate.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;

import org.apache.commons.net.ntp.NTPUDPClient;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;

/** The UDP time port's two dialects and RFC 868 over UDP, checked with commons-net's clients. */
class NtpIntegrationTests {

	private static TestService service;

	@BeforeAll
	static void start() {
		service = TestService.start("ackgate.line.enabled=false", "ackgate.framed.enabled=false");
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	@Test
	void commonsNetNtpClientGetsAValidServerReplyWithNearZeroOffset() throws IOException {
		NTPUDPClient client = new NTPUDPClient();
		client.setDefaultTimeout(Duration.ofSeconds(5));
		client.open();
		try {
			TimeInfo info = client.getTime(InetAddress.getLoopbackAddress(), service.udpPort());
			info.computeDetails();
			NtpV3Packet reply = info.getMessage();
			assertThat(reply.getMode()).isEqualTo(NtpV3Packet.MODE_SERVER);
			assertThat(reply.getVersion()).isEqualTo(NtpV3Packet.VERSION_3);
			assertThat(reply.getStratum()).isEqualTo(2);
			assertThat(reply.getLeapIndicator()).isZero();
			assertThat(info.getComments()).as("commons-net's own checks").isNullOrEmpty();
			assertThat(Math.abs(info.getOffset())).as("offset ms on loopback").isLessThanOrEqualTo(5);
			assertThat(info.getDelay()).as("delay ms on loopback").isBetween(0L, 50L);
		}
		finally {
			client.close();
		}
	}

	@Test
	void theOriginTimestampIsTheRequestsTransmitTimestampVerbatimAndVersionAndPollAreEchoed() throws IOException {
		byte[] request = new byte[48];
		request[0] = (byte) ((4 << 3) | 3);
		request[2] = 10;
		long transmit = 0xE9B3_0000_1234_5678L;
		ByteBuffer.wrap(request).putLong(40, transmit);
		byte[] reply = exchange(service.udpPort(), request);
		assertThat(reply).hasSize(48);
		ByteBuffer fields = ByteBuffer.wrap(reply);
		assertThat(reply[0] & 0x3F).isEqualTo((4 << 3) | 4);
		assertThat(reply[2]).isEqualTo((byte) 10);
		assertThat(fields.getLong(24)).isEqualTo(transmit);
		assertThat(fields.getLong(40) - fields.getLong(32)).as("transmit is not before receive").isNotNegative();
	}

	@Test
	void controlMonlistAndOtherModesGetNoReply() throws IOException {
		byte[] monlist = { 0x17, 0x00, 0x03, 0x2a, 0, 0, 0, 0 };
		assertThat(noReply(service.udpPort(), monlist)).isTrue();
		byte[] control = new byte[12];
		control[0] = (byte) ((2 << 3) | 6);
		assertThat(noReply(service.udpPort(), control)).isTrue();
		byte[] symmetric = new byte[48];
		symmetric[0] = (byte) ((4 << 3) | 1);
		assertThat(noReply(service.udpPort(), symmetric)).isTrue();
	}

	@Test
	void theSeedsTextClientIsStillAnsweredWithRfc3339() throws IOException {
		String reply = new String(exchange(service.udpPort(), "获取时间".getBytes(StandardCharsets.UTF_8)),
				StandardCharsets.UTF_8);
		assertThat(Duration.between(OffsetDateTime.parse(reply).toInstant(), Instant.now()).abs())
			.isLessThan(Duration.ofSeconds(5));
	}

	static byte[] exchange(int port, byte[] request) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			socket.setSoTimeout(5000);
			socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
			DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
			socket.receive(reply);
			return Arrays.copyOf(reply.getData(), reply.getLength());
		}
	}

	static boolean noReply(int port, byte[] request) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			socket.setSoTimeout(500);
			socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
			socket.receive(new DatagramPacket(new byte[2048], 2048));
			return false;
		}
		catch (SocketTimeoutException expected) {
			return true;
		}
	}

}
