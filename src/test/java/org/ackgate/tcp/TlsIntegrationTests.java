package org.ackgate.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestCertificates;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * TLS on the TCP endpoints, spoken to by JDK TLS clients over real sockets, with certificates
 * made for this class: handshakes, exact acks, refusals of every kind and what they count.
 */
class TlsIntegrationTests {

	@TempDir
	static Path directory;

	static TestCertificates certificates;

	@BeforeAll
	static void makeCertificates() {
		certificates = TestCertificates.create(directory);
	}

	private static String[] service(String endpoint, String serving, String clientAuth, String... more) {
		List<String> properties = new ArrayList<>(List.of(certificates.pemBundle("server", serving, "ca")));
		properties.add("ackgate." + endpoint + ".ssl.bundle=server");
		properties.add("ackgate." + endpoint + ".ssl.client-auth=" + clientAuth);
		properties.add("ackgate.udp.enabled=false");
		properties.addAll(List.of(more));
		return properties.toArray(String[]::new);
	}

	private static byte[] lineAck(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] frame(String payload) {
		byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(11 + bytes.length)
			.put("Headers".getBytes(StandardCharsets.US_ASCII))
			.putInt(bytes.length)
			.put(bytes)
			.array();
	}

	private static double closed(TestService service, String endpoint, String reason) {
		return service.context().getBean(MeterRegistry.class)
			.get("ackgate.connections.closed").tags("endpoint", endpoint, "reason", reason).counter().count();
	}

	private static void awaitClosed(TestService service, String endpoint, String reason, double count) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (closed(service, endpoint, reason) < count && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			sleep(10);
		}
		assertThat(closed(service, endpoint, reason)).as("closed{reason=%s}", reason).isEqualTo(count);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void lineAcksComeBackByteExactOverTls() throws IOException {
		try (TestService service = TestService.start(service("line", "server", "none"));
				RawClient client = RawClient.connectTls(service.linePort(), certificates.clientContext(null, "ca"))) {
			assertThat(((SSLSocket) client.socket()).getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
			client.write("hello\n你好\n");
			assertThat(client.read(lineAck("hello").length)).isEqualTo(lineAck("hello"));
			assertThat(client.read(lineAck("你好").length)).isEqualTo(lineAck("你好"));
		}
	}

	@Test
	void framedAcksComeBackByteExactOverTlsAndReceiptsAreConsumed() throws IOException {
		byte[] ack = "我收到了".getBytes(StandardCharsets.UTF_8);
		try (TestService service = TestService.start(service("framed", "server", "none"));
				RawClient client = RawClient.connectTls(service.framedPort(), certificates.clientContext(null, "ca"))) {
			client.write(frame("{\"ID\":\"1\"}"));
			assertThat(client.read(ack.length)).isEqualTo(ack);
			client.write("ok");
			client.write(frame("{\"ID\":\"2\"}"));
			assertThat(client.read(ack.length)).isEqualTo(ack);
		}
	}

	@Test
	void aPlainTextClientOnATlsPortIsClosedAndCountedAndTheServerServesOn() throws IOException {
		try (TestService service = TestService.start(service("line", "server", "none"))) {
			try (RawClient plain = RawClient.connect(service.linePort())) {
				plain.write("hello\n");
				assertOnlyAlerts(untilClosed(plain));
			}
			awaitClosed(service, "line", "tls", 1);
			try (RawClient tls = RawClient.connectTls(service.linePort(), certificates.clientContext(null, "ca"))) {
				tls.write("after\n");
				assertThat(tls.read(lineAck("after").length)).isEqualTo(lineAck("after"));
			}
		}
	}

	@Test
	void aClientThatDoesNotTrustTheServersCaRefusesTheHandshake() {
		try (TestService service = TestService.start(service("line", "server", "none"))) {
			assertThatExceptionOfType(SSLHandshakeException.class)
				.isThrownBy(() -> RawClient.connectTls(service.linePort(), certificates.clientContext(null, "other-ca")))
				.withMessageContaining("PKIX path building failed");
			awaitClosed(service, "line", "tls", 1);
		}
	}

	@Test
	void anExpiredServerCertificateIsRefusedByTheClient() {
		try (TestService service = TestService.start(service("line", "expired", "none"))) {
			Throwable failure = catchThrowable(
					() -> RawClient.connectTls(service.linePort(), certificates.clientContext(null, "ca")));
			assertThat(failure).isInstanceOf(SSLHandshakeException.class).hasRootCauseInstanceOf(CertificateExpiredException.class);
		}
	}

	@Test
	void clientAuthNeedRefusesNoCertificateAndAnotherCasCertificateAndAcksATrustedOne() throws IOException {
		try (TestService service = TestService.start(service("line", "server", "need"))) {
			assertThat(refused(service.linePort(), null)).as("no client certificate").isTrue();
			assertThat(refused(service.linePort(), "other-client")).as("another CA's client certificate").isTrue();
			awaitClosed(service, "line", "tls", 2);
			try (RawClient client = RawClient.connectTls(service.linePort(), certificates.clientContext("client", "ca"))) {
				client.write("mutual\n");
				assertThat(client.read(lineAck("mutual").length)).isEqualTo(lineAck("mutual"));
			}
		}
	}

	@Test
	void clientAuthWantServesClientsWithAndWithoutACertificate() throws IOException {
		try (TestService service = TestService.start(service("line", "server", "want"))) {
			for (String identity : new String[] { null, "client" }) {
				try (RawClient client = RawClient.connectTls(service.linePort(),
						certificates.clientContext(identity, "ca"))) {
					client.write("want " + identity + "\n");
					assertThat(client.read(lineAck("want " + identity).length)).isEqualTo(lineAck("want " + identity));
				}
			}
			assertThat(refused(service.linePort(), "other-client")).as("an untrusted certificate, when sent").isTrue();
		}
	}

	/*
	 * With TLS 1.3 the client's handshake ends before the server has checked the client's
	 * certificate; the server's alert then arrives on the client's first read.
	 */
	private static boolean refused(int port, String identity) {
		try (RawClient client = RawClient.connectTls(port, certificates.clientContext(identity, "ca"))) {
			client.write("should not be acked\n");
			return client.closedByServer(Duration.ofSeconds(5));
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// the handshake failed, or the server's alert or reset arrived on the write or the read
			return true;
		}
	}

	/** Nothing but TLS alert records (type 21, two-byte body): never an ack in the clear. */
	private static void assertOnlyAlerts(byte[] bytes) {
		assertThat(bytes.length % 7).as("whole alert records in %s", java.util.Arrays.toString(bytes)).isZero();
		for (int i = 0; i < bytes.length; i += 7) {
			assertThat(bytes[i]).as("record type at %d", i).isEqualTo((byte) 21);
		}
	}

	/** What the server sent before closing; fails when it does not close within the client's timeout. */
	private static byte[] untilClosed(RawClient client) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		try {
			for (int next; (next = client.socket().getInputStream().read()) >= 0;) {
				received.write(next);
			}
		}
		catch (SocketTimeoutException ex) {
			throw ex;
		}
		catch (IOException ex) {
			// reset after the alert
		}
		return received.toByteArray();
	}

	@Test
	void theTimeEndpointWritesTheTimeOverTlsThenCloses() throws IOException {
		try (TestService service = TestService.start(service("time", "server", "none"));
				RawClient client = RawClient.connectTls(service.timePort(), certificates.clientContext(null, "ca"))) {
			String time = new String(client.readToEnd(), StandardCharsets.UTF_8);
			assertThat(time).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})");
		}
	}

	@Test
	void aSilentClientIsCutOffAtTheHandshakeTimeoutWithoutHoldingUpOthers() throws IOException {
		try (TestService service = TestService.start(service("line", "server", "none",
				"ackgate.line.ssl.handshake-timeout=500ms"))) {
			try (RawClient silent = RawClient.connect(service.linePort())) {
				try (RawClient other = RawClient.connectTls(service.linePort(), certificates.clientContext(null, "ca"))) {
					other.write("meanwhile\n");
					assertThat(other.read(lineAck("meanwhile").length)).isEqualTo(lineAck("meanwhile"));
				}
				assertOnlyAlerts(untilClosed(silent));
			}
			awaitClosed(service, "line", "tls", 1);
		}
	}

	@Test
	void aClientDribblingItsHelloIsCutOffByTheWholeHandshakeDeadline() throws Exception {
		try (TestService service = TestService.start(service("line", "server", "none",
				"ackgate.line.ssl.handshake-timeout=800ms"));
				RawClient slow = RawClient.connect(service.linePort())) {
			// A TLS record header promising a long ClientHello, then a byte every 300 ms: each read
			// is within the socket timeout, the handshake as a whole is not.
			slow.write(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 });
			long started = System.nanoTime();
			boolean closed = false;
			for (int i = 0; i < 30 && !closed; i++) {
				Thread.sleep(300);
				try {
					slow.write(new byte[] { 0x01 });
				}
				catch (IOException ex) {
					closed = true;
				}
			}
			assertThat(closed || slow.closedByServer(Duration.ofSeconds(2))).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			awaitClosed(service, "line", "tls", 1);
		}
	}

	@Test
	void aTlsPeerThatNeverReadsItsAcksIsCutOffByTheWriteTimeoutAndTheWatchdogLivesOn() throws Exception {
		try (TestService service = TestService.start(service("line", "server", "none",
				"ackgate.line.write-timeout=500ms", "ackgate.line.read-timeout=30s"))) {
			for (int round = 1; round <= 2; round++) {
				try (RawClient stalled = RawClient.connectTls(service.linePort(), certificates.clientContext(null, "ca"))) {
					stalled.socket().setReceiveBufferSize(4096);
					byte[] lines = "x".repeat(1023).concat("\n").repeat(64).getBytes(StandardCharsets.US_ASCII);
					long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
					try {
						while (System.nanoTime() < deadline) {
							stalled.write(lines);
						}
					}
					catch (IOException ex) {
						// the server gave up on this peer
					}
				}
				awaitClosed(service, "line", "idle", round);
			}
			try (RawClient client = RawClient.connectTls(service.linePort(), certificates.clientContext(null, "ca"))) {
				client.write("still serving\n");
				assertThat(client.read(lineAck("still serving").length)).isEqualTo(lineAck("still serving"));
			}
		}
	}

	@Test
	void bundleOptionsCanNarrowTheProtocolsButNeverEnableTls11() {
		try (TestService service = TestService.start(service("line", "server", "none",
				"spring.ssl.bundle.pem.server.options.enabled-protocols=TLSv1.1,TLSv1.2"))) {
			EndpointServerConnectionFactory factory = service.factory("lineConnectionFactory");
			assertThat(factory.isTls()).isTrue();
			try (RawClient client = RawClient.connectTls(service.linePort(), certificates.clientContext(null, "ca"))) {
				assertThat(((SSLSocket) client.socket()).getSession().getProtocol()).isEqualTo("TLSv1.2");
			}
			catch (IOException ex) {
				throw new AssertionError(ex);
			}
		}
		Throwable failure = catchThrowable(() -> TestService.start(service("line", "server", "none",
				"spring.ssl.bundle.pem.server.options.enabled-protocols=TLSv1.1")).close());
		assertThat(fullMessage(failure)).contains("ackgate.line.ssl").contains("serves only [TLSv1.3, TLSv1.2]");
	}

	@Test
	void aMissingBundleOrAMissingTrustStoreForClientAuthFailsStartupNamingTheProperty() {
		Throwable missing = catchThrowable(
				() -> TestService.start("ackgate.line.ssl.bundle=nope", "ackgate.udp.enabled=false").close());
		assertThat(fullMessage(missing)).contains("ackgate.line.ssl.bundle is 'nope'")
			.contains("spring.ssl.bundle.pem.nope");
		Throwable noTrust = catchThrowable(() -> TestService.start(
				"spring.ssl.bundle.pem.k.keystore.certificate=" + certificates.certificate("server").toUri(),
				"spring.ssl.bundle.pem.k.keystore.private-key=" + certificates.key("server").toUri(),
				"ackgate.framed.ssl.bundle=k", "ackgate.framed.ssl.client-auth=need", "ackgate.udp.enabled=false")
			.close());
		assertThat(fullMessage(noTrust)).contains("ackgate.framed.ssl.client-auth is need")
			.contains("no trust store");
	}

	@Test
	void aTls11OnlyClientIsRefused() throws Exception {
		Openssl.assumeInstalled();
		try (TestService service = TestService.start(service("line", "server", "none"))) {
			Openssl.Result result = Openssl.sClient(service.linePort(), certificates.certificate("ca"), "hello\n",
					"-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
			assertThat(result.output()).doesNotContain("已接收");
			assertThat(result.output()).containsAnyOf("no protocols available", "alert protocol version",
					"unsupported protocol", "wrong version number", "handshake failure");
			awaitClosed(service, "line", "tls", 1);
		}
	}

	@Test
	void opensslSClientGetsTheAck() throws Exception {
		Openssl.assumeInstalled();
		try (TestService service = TestService.start(service("line", "server", "none"))) {
			Openssl.Result result = Openssl.sClient(service.linePort(), certificates.certificate("ca"), "hello\n");
			assertThat(result.output()).contains("Verify return code: 0 (ok)").contains("已接收: hello");
		}
	}

	private static String fullMessage(Throwable failure) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			all.writeBytes((cause.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
		}
		return all.toString(StandardCharsets.UTF_8);
	}

}
