package org.ackgate.time;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

import org.apache.commons.net.daytime.DaytimeTCPClient;
import org.apache.commons.net.daytime.DaytimeUDPClient;
import org.junit.jupiter.api.Test;

import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 867 daytime on the TCP time endpoint and the UDP time port, read by commons-net's clients. */
class DaytimeIntegrationTests {

	private static final String DAYTIME = "[A-Z][a-z]+day, [A-Z][a-z]+ \\d{1,2}, \\d{4} \\d\\d:\\d\\d:\\d\\d-\\S+\r\n";

	@Test
	void tcpAndUdpDaytime() throws IOException {
		try (TestService service = TestService.start("ackgate.time.format=daytime", "ackgate.udp.format=daytime",
				"ackgate.line.enabled=false", "ackgate.framed.enabled=false")) {
			DaytimeTCPClient tcp = new DaytimeTCPClient();
			tcp.setDefaultTimeout(5000);
			tcp.connect(InetAddress.getLoopbackAddress(), service.timePort());
			try {
				assertThat(tcp.getTime()).matches(DAYTIME);
			}
			finally {
				tcp.disconnect();
			}
			DaytimeUDPClient udp = new DaytimeUDPClient();
			udp.setDefaultTimeout(Duration.ofSeconds(5));
			udp.open();
			try {
				assertThat(udp.getTime(InetAddress.getLoopbackAddress(), service.udpPort())).matches(DAYTIME);
			}
			finally {
				udp.close();
			}
		}
	}

}
