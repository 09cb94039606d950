package org.ackgate.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.ackgate.support.Balancer;
import org.ackgate.support.Haproxy;
import org.ackgate.support.NginxStream;
import org.ackgate.support.RawClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader against the headers real balancers send: HAProxy's {@code send-proxy} and
 * {@code send-proxy-v2}, nginx {@code stream}'s {@code proxy_protocol on}, over IPv4 and IPv6.
 * A client bound to 127.0.0.2 (or ::1 behind a balancer on ::1) must come out as itself, port
 * and all, and the bytes it sent after must be untouched.
 */
class ProxyHeaderReaderBalancerIntegrationTests {

	@TempDir
	Path directory;

	private ServerSocket server;

	@BeforeEach
	void listen() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
		this.server.setSoTimeout(20_000);
	}

	@AfterEach
	void close() throws IOException {
		this.server.close();
	}

	@Test
	void haproxySendProxy() throws IOException {
		try (Haproxy haproxy = Haproxy.start(this.directory, Haproxy.Header.V1, this.server.getLocalPort())) {
			assertSeenAsItself(haproxy, "127.0.0.2", 1);
		}
	}

	@Test
	void haproxySendProxyV2() throws IOException {
		try (Haproxy haproxy = Haproxy.start(this.directory, Haproxy.Header.V2, this.server.getLocalPort())) {
			assertSeenAsItself(haproxy, "127.0.0.2", 2);
		}
	}

	@Test
	void haproxySendProxyV2OverIpv6() throws IOException {
		try (Haproxy haproxy = Haproxy.start(this.directory, "::1", Haproxy.Header.V2, this.server.getLocalPort(), null, 0)) {
			assertSeenAsItself(haproxy, "::1", 2);
		}
	}

	@Test
	void haproxySendProxyOverIpv6() throws IOException {
		try (Haproxy haproxy = Haproxy.start(this.directory, "::1", Haproxy.Header.V1, this.server.getLocalPort(), null, 0)) {
			assertSeenAsItself(haproxy, "::1", 1);
		}
	}

	@Test
	void nginxStreamProxyProtocol() throws IOException {
		try (NginxStream nginx = NginxStream.start(this.directory, "127.0.0.1", this.server.getLocalPort(), true)) {
			assertSeenAsItself(nginx, "127.0.0.2", 1);
		}
	}

	@Test
	void nginxStreamProxyProtocolOverIpv6() throws IOException {
		try (NginxStream nginx = NginxStream.start(this.directory, "::1", this.server.getLocalPort(), true)) {
			assertSeenAsItself(nginx, "::1", 1);
		}
	}

	private void assertSeenAsItself(Balancer balancer, String clientAddress, int version) throws IOException {
		try (RawClient client = RawClient.connectFrom(clientAddress, balancer.host(), balancer.port());
				Socket accepted = this.server.accept()) {
			client.write("hello\n");
			ProxyHeader header = new ProxyHeaderReader(Duration.ofSeconds(10)).read(accepted);
			assertThat(header.version()).isEqualTo(version);
			assertThat(header.source()).as(balancer.output())
				.isEqualTo(new InetSocketAddress(InetAddress.getByName(clientAddress), client.socket().getLocalPort()));
			assertThat(header.destination()).isEqualTo(
					new InetSocketAddress(InetAddress.getByName(balancer.host()), balancer.port()));
			// The reader puts back the socket's own timeout (none), so bound the read of what follows.
			accepted.setSoTimeout(10_000);
			assertThat(new String(accepted.getInputStream().readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
		}
	}

}
