package org.ackgate.tcp;

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

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint bound to an IPv6 address serves IPv6, says where it listens as an operator writes
 * it ({@code [::1]:8080}, not {@code /[0:0:0:0:0:0:0:1]:8080}), and prints IPv6 peers in RFC 5952
 * short form; an allow-list of IPv6 CIDR blocks acts on them. (Tests bind loopback only, so the
 * wildcard's {@code *:8080} is covered by {@code net.AddressTextTests}.)
 */
@ExtendWith(OutputCaptureExtension.class)
class DualStackIntegrationTests {

	private static final String IPV6 = "::1";

	@Test
	void everyEndpointServesIpv6AndSaysItListensOnEveryAddress(CapturedOutput output) throws IOException {
		try (TestService service = TestService.start("ackgate.rfc868.enabled=true", "ackgate.rfc868.port=0",
				"ackgate.line.bind-address=::1", "ackgate.framed.bind-address=::1", "ackgate.time.bind-address=::1",
				"ackgate.rfc868.bind-address=::1", "ackgate.udp.bind-address=::1")) {
			int rfc868 = service.factory("rfc868ConnectionFactory").getPort();
			assertThat(output.getOut()).contains("line endpoint listening on TCP [::1]:" + service.linePort() + " (",
					"framed endpoint listening on TCP [::1]:" + service.framedPort() + " (",
					"time endpoint listening on TCP [::1]:" + service.timePort() + " (",
					"rfc868 endpoint listening on TCP [::1]:" + rfc868 + " (",
					"udp endpoint listening on UDP [::1]:" + service.udpPort());
			assertThat(output.getOut()).doesNotContain("0:0:0:0:0:0:0:1");
			// Spring Integration's per-bean lines, which ackgate's subclasses of its components
			// inherit, stay out of the log (application.yml): the lines above say what listens.
			assertThat(output.getOut()).doesNotContain("started bean");

			try (RawClient line = RawClient.connectFrom(IPV6, IPV6, service.linePort())) {
				line.write("over IPv6\n");
				assertThat(line.readText("已接收: over IPv6\n".getBytes(StandardCharsets.UTF_8).length))
					.isEqualTo("已接收: over IPv6\n");
				String peer = "[::1]:" + line.socket().getLocalPort();
				assertThat(output.getOut()).contains("line connection opened from " + peer);
			}
			try (RawClient framed = RawClient.connectFrom(IPV6, IPV6, service.framedPort())) {
				byte[] payload = "{\"ID\":\"v6\"}".getBytes(StandardCharsets.UTF_8);
				framed.write(ByteBuffer.allocate(11 + payload.length).put("Headers".getBytes(StandardCharsets.US_ASCII))
					.putInt(payload.length).put(payload).array());
				assertThat(framed.readText(12)).isEqualTo("我收到了");
			}
			try (RawClient time = RawClient.connectFrom(IPV6, IPV6, service.timePort())) {
				assertThat(new String(time.readToEnd(), StandardCharsets.US_ASCII)).matches("\\d{4}-\\d\\d-\\d\\dT.*\\R?");
			}
			try (RawClient time = RawClient.connectFrom(IPV6, IPV6, rfc868)) {
				assertThat(time.readToEnd()).hasSize(4);
			}
			try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(IPV6), 0))) {
				udp.setSoTimeout(10_000);
				udp.send(new DatagramPacket(new byte[] { 'x' }, 1, InetAddress.getByName(IPV6), service.udpPort()));
				DatagramPacket reply = new DatagramPacket(new byte[512], 512);
				udp.receive(reply);
				String now = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
				assertThat(now).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
				assertThat(Duration.between(OffsetDateTime.parse(now).toInstant(), Instant.now()).abs())
					.isLessThan(Duration.ofSeconds(5));
			}
		}
	}

	/** ::1/128 in the list serves ::1: ProxyProtocolIntegrationTests.aV2HeaderCarryingIpv6IsTheIpv6ClientInShortForm. */
	@Test
	void anAllowListOfIpv6BlocksActsOnIpv6Peers() throws IOException {
		try (TestService service = TestService.start("ackgate.framed.enabled=false", "ackgate.time.enabled=false",
				"ackgate.udp.enabled=false", "ackgate.line.bind-address=::1", "ackgate.line.allow=2001:db8::/32,::2/128")) {
			try (RawClient denied = RawClient.connectFrom(IPV6, IPV6, service.linePort())) {
				denied.write("out\n");
				assertThat(denied.closedByServer(Duration.ofSeconds(10))).isTrue();
			}
			assertThat(service.context().getBean(MeterRegistry.class).get("ackgate.connections.closed")
				.tags("endpoint", "line", "reason", "denied").counter().count()).isEqualTo(1);
		}
	}

}
