package org.ackgate.rfc868;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.net.time.TimeTCPClient;
import org.apache.commons.net.time.TimeUDPClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;
import org.ackgate.udp.BindingUdpReceiver;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 868 time over TCP and UDP, checked with commons-net's clients and a raw socket. */
class Rfc868IntegrationTests {

	private static TestService service;

	@BeforeAll
	static void start() {
		service = TestService.start("ackgate.rfc868.enabled=true", "ackgate.rfc868.port=0",
				"ackgate.rfc868.bind-address=127.0.0.1");
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	private static int tcpPort() {
		return service.factory("rfc868ConnectionFactory").getPort();
	}

	@Test
	void commonsNetTimeTcpClientReadsTheCurrentTime() throws IOException {
		TimeTCPClient client = new TimeTCPClient();
		client.setDefaultTimeout(5000);
		client.connect(InetAddress.getLoopbackAddress(), tcpPort());
		try {
			Instant reported = client.getDate().toInstant();
			assertThat(Duration.between(reported, Instant.now()).abs()).isLessThan(Duration.ofSeconds(3));
		}
		finally {
			client.disconnect();
		}
	}

	@Test
	void exactlyFourBytesThenACleanEnd() throws IOException {
		try (RawClient client = RawClient.connect(tcpPort())) {
			byte[] reply = client.readToEnd();
			assertThat(reply).hasSize(4);
			long seconds = ((reply[0] & 0xFFL) << 24) | ((reply[1] & 0xFFL) << 16) | ((reply[2] & 0xFFL) << 8)
					| (reply[3] & 0xFFL);
			long expected = Instant.now().getEpochSecond() + 2_208_988_800L;
			assertThat(seconds).isBetween(expected - 3, expected + 1);
		}
	}

	@Test
	void rfc868OverUdpWithCommonsNet() throws IOException {
		TimeUDPClient client = new TimeUDPClient();
		client.setDefaultTimeout(Duration.ofSeconds(5));
		client.open();
		try {
			int port = service.context().getBean("rfc868.udp.inbound", BindingUdpReceiver.class).getPort();
			Instant reported = client.getDate(InetAddress.getLoopbackAddress(), port).toInstant();
			assertThat(Duration.between(reported, Instant.now()).abs()).isLessThan(Duration.ofSeconds(3));
		}
		finally {
			client.close();
		}
	}

}
