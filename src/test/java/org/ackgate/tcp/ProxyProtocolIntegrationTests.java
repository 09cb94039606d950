package org.ackgate.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.ackgate.journal.JournalReader;
import org.ackgate.journal.JournalRecord;
import org.ackgate.journal.JournalStorage;
import org.ackgate.support.Haproxy;
import org.ackgate.support.NginxStream;
import org.ackgate.support.RawClient;
import org.ackgate.support.TestCertificates;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The PROXY protocol end to end, through real balancers started on loopback: HAProxy with
 * {@code send-proxy} and {@code send-proxy-v2} (and {@code ssl} to a TLS endpoint, with a client
 * certificate), nginx {@code stream} with {@code proxy_protocol on}. The balancer connects from
 * 127.0.0.1, the only trusted address; clients connect to it from 127.0.0.2 and 127.0.0.3 (or
 * ::1), and must be seen as themselves: in the journal's peer, by the allow-list and by the
 * per-source limit. A header sent by anyone else is refused at accept.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxyProtocolIntegrationTests {

	@TempDir
	Path directory;

	private TestService start(String... more) {
		List<String> properties = new ArrayList<>(List.of("ackgate.framed.enabled=false", "ackgate.time.enabled=false",
				"ackgate.udp.enabled=false", "ackgate.journal.enabled=true",
				"ackgate.journal.directory=" + this.directory.resolve("journal"), "ackgate.line.proxy-protocol.enabled=true",
				"ackgate.line.proxy-protocol.trusted=127.0.0.1/32", "ackgate.line.proxy-protocol.header-timeout=2s"));
		properties.addAll(List.of(more));
		return TestService.start(properties.toArray(String[]::new));
	}

	private static byte[] ack(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private static void assertAcked(RawClient client, String line) throws IOException {
		client.write(line + "\n");
		assertThat(client.read(ack(line).length)).isEqualTo(ack(line));
	}

	private static double closed(TestService service, String reason) {
		return service.context().getBean(MeterRegistry.class)
			.get("ackgate.connections.closed").tags("endpoint", "line", "reason", reason).counter().count();
	}

	private static double protocolErrors(TestService service, String reason) {
		return service.context().getBean(MeterRegistry.class)
			.get("ackgate.protocol.errors").tags("endpoint", "line", "reason", reason).counter().count();
	}

	private List<String> journaledPeers() throws IOException {
		List<String> peers = new ArrayList<>();
		try (JournalReader reader = new JournalReader(this.directory.resolve("journal"), JournalStorage.FILES, 0)) {
			JournalRecord record;
			while ((record = reader.next(Long.MAX_VALUE)) != null) {
				peers.add(record.peer() + " " + new String(record.payload(), StandardCharsets.UTF_8));
			}
		}
		return peers;
	}

	@Test
	void haproxySendProxyTheClientIsThePeerInTheJournalAndTheLog(CapturedOutput output) throws IOException {
		try (TestService service = start();
				Haproxy haproxy = Haproxy.start(this.directory.resolve("haproxy"), Haproxy.Header.V1, service.linePort());
				RawClient client = RawClient.connectFrom("127.0.0.2", haproxy.port())) {
			assertAcked(client, "through haproxy v1");
			String peer = "127.0.0.2:" + client.socket().getLocalPort();
			assertThat(journaledPeers()).containsExactly(peer + " through haproxy v1");
			assertThat(output.getOut()).containsPattern("line connection opened from " + peer.replace(".", "\\.")
					+ " via 127\\.0\\.0\\.1:\\d+");
		}
	}

	@Test
	void haproxySendProxyV2TheAllowListActsOnTheClient() throws IOException {
		try (TestService service = start("ackgate.line.allow=127.0.0.3/32,::1/128");
				Haproxy haproxy = Haproxy.start(this.directory.resolve("haproxy"), Haproxy.Header.V2, service.linePort())) {
			try (RawClient denied = RawClient.connectFrom("127.0.0.2", haproxy.port())) {
				denied.write("not allowed\n");
				assertThat(denied.closedByServer(Duration.ofSeconds(10))).isTrue();
			}
			assertThat(closed(service, "denied")).isEqualTo(1);
			try (RawClient allowed = RawClient.connectFrom("127.0.0.3", haproxy.port())) {
				assertAcked(allowed, "allowed");
				assertThat(journaledPeers()).containsExactly("127.0.0.3:" + allowed.socket().getLocalPort() + " allowed");
			}
		}
	}

	@Test
	void haproxySendProxyV2ThePerSourceLimitActsOnTheClient() throws IOException {
		try (TestService service = start("ackgate.line.max-connections-per-source=1");
				Haproxy haproxy = Haproxy.start(this.directory.resolve("haproxy"), Haproxy.Header.V2, service.linePort());
				RawClient first = RawClient.connectFrom("127.0.0.2", haproxy.port())) {
			assertAcked(first, "first");
			try (RawClient second = RawClient.connectFrom("127.0.0.2", haproxy.port())) {
				second.write("second\n");
				assertThat(second.closedByServer(Duration.ofSeconds(10))).isTrue();
			}
			assertThat(closed(service, "source_limit")).isEqualTo(1);
			try (RawClient neighbour = RawClient.connectFrom("127.0.0.3", haproxy.port())) {
				assertAcked(neighbour, "another client behind the same balancer");
			}
			ConnectionAdmission admission = service.factory("lineConnectionFactory").admission();
			assertThat(admission.connectionsFrom(InetAddress.getByName("127.0.0.2"))).isEqualTo(1);
			assertThat(admission.connectionsFrom(InetAddress.getByName("127.0.0.1"))).as("the balancer").isZero();
			assertAcked(first, "first, still served");
		}
	}

	@Test
	void nginxStreamProxyProtocolTheClientIsThePeerAndADenyRuleHolds() throws IOException {
		try (TestService service = start("ackgate.line.allow=127.0.0.2/32");
				NginxStream nginx = NginxStream.start(this.directory.resolve("nginx"), "127.0.0.1", service.linePort(), true)) {
			try (RawClient client = RawClient.connectFrom("127.0.0.2", nginx.port())) {
				assertAcked(client, "through nginx");
				assertThat(journaledPeers()).containsExactly("127.0.0.2:" + client.socket().getLocalPort() + " through nginx");
			}
			try (RawClient denied = RawClient.connectFrom("127.0.0.3", nginx.port())) {
				denied.write("not allowed\n");
				assertThat(denied.closedByServer(Duration.ofSeconds(10))).isTrue();
			}
			assertThat(closed(service, "denied")).isEqualTo(1);
		}
	}

	@Test
	void aV2HeaderCarryingIpv6IsTheIpv6ClientInShortForm() throws IOException {
		try (TestService service = start("ackgate.line.allow=::1/128");
				Haproxy haproxy = Haproxy.start(this.directory.resolve("haproxy"), "::1", Haproxy.Header.V2,
						service.linePort(), null, 0);
				RawClient client = RawClient.connectFrom("::1", "::1", haproxy.port())) {
			assertAcked(client, "over IPv6");
			assertThat(journaledPeers()).containsExactly("[::1]:" + client.socket().getLocalPort() + " over IPv6");
		}
	}

	@Test
	void haproxySslSendProxyV2ToATlsEndpointWithAClientCertificate() throws IOException {
		TestCertificates certificates = TestCertificates.create(this.directory.resolve("certificates"));
		List<String> properties = new ArrayList<>(List.of(certificates.pemBundle("server", "server", "ca")));
		properties.addAll(List.of("ackgate.line.ssl.bundle=server", "ackgate.line.ssl.client-auth=need"));
		Path clientPem = this.directory.resolve("client.pem");
		Files.writeString(clientPem, Files.readString(certificates.certificate("client")) + Files.readString(certificates.key("client")));
		String tls = "ssl verify required ca-file " + certificates.certificate("ca") + " crt " + clientPem;
		try (TestService service = start(properties.toArray(String[]::new));
				Haproxy haproxy = Haproxy.start(this.directory.resolve("haproxy"), "127.0.0.1", Haproxy.Header.V2,
						service.linePort(), tls, 0);
				RawClient client = RawClient.connectFrom("127.0.0.2", haproxy.port())) {
			assertAcked(client, "over TLS behind haproxy");
			assertThat(journaledPeers())
				.containsExactly("127.0.0.2:" + client.socket().getLocalPort() + " over TLS behind haproxy");
		}
	}

	@Test
	void aSpoofedHeaderFromAnAddressThatIsNoBalancerIsRefusedAtAccept() throws IOException {
		try (TestService service = start("ackgate.line.proxy-protocol.trusted=127.0.0.9/32");
				RawClient spoofer = RawClient.connectFrom("127.0.0.2", service.linePort())) {
			spoofer.write("PROXY TCP4 10.1.2.3 127.0.0.1 4000 8080\r\nspoofed\n");
			assertThat(spoofer.closedByServer(Duration.ofSeconds(10))).isTrue();
			assertThat(closed(service, "denied")).isEqualTo(1);
			assertThat(journaledPeers()).isEmpty();
		}
	}

	@Test
	void aMissingMalformedOrLateHeaderFromTheBalancerClosesWithProtocol(CapturedOutput output) throws IOException {
		try (TestService service = start("ackgate.line.proxy-protocol.header-timeout=500ms")) {
			try (RawClient noHeader = RawClient.connect(service.linePort())) {
				noHeader.write("hello\n");
				assertThat(noHeader.closedByServer(Duration.ofSeconds(10))).isTrue();
			}
			try (RawClient malformed = RawClient.connect(service.linePort())) {
				malformed.write("PROXY TCP4 999.1.2.3 127.0.0.1 4000 8080\r\nhello\n");
				assertThat(malformed.closedByServer(Duration.ofSeconds(10))).isTrue();
			}
			try (RawClient oversize = RawClient.connect(service.linePort())) {
				oversize.write("PROXY UNKNOWN " + "x".repeat(120) + "\r\n");
				assertThat(oversize.closedByServer(Duration.ofSeconds(10))).isTrue();
			}
			try (RawClient late = RawClient.connect(service.linePort())) {
				late.write("PROXY TCP4 10.1.2.3");
				assertThat(late.closedByServer(Duration.ofSeconds(10))).isTrue();
			}
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(closed(service, "protocol")).isEqualTo(4);
				assertThat(protocolErrors(service, "proxy_header")).isEqualTo(4);
			});
			assertThat(output.getOut()).contains("no valid PROXY header (missing: no PROXY header: the connection began with 'h')",
					"no valid PROXY header (malformed: v1 header address '999.1.2.3' is not an IPv4 address)",
					"no valid PROXY header (oversize: v1 header without CRLF within 107 bytes)",
					"no valid PROXY header (late: no complete PROXY header within 500 ms (19 bytes came))");
			assertThat(journaledPeers()).isEmpty();
		}
	}

	@Test
	void aBalancerHealthCheckWithTheLocalCommandIsServedAsTheBalancer() throws IOException {
		byte[] local = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00 };
		try (TestService service = start("ackgate.line.allow=127.0.0.2/32");
				RawClient check = RawClient.connect(service.linePort())) {
			check.write(local);
			assertAcked(check, "health");
			assertThat(journaledPeers()).containsExactly("127.0.0.1:" + check.socket().getLocalPort() + " health");
		}
	}

}
