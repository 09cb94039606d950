package org.ackgate.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestCertificates;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * TLS on the TCP endpoints, spoken to by JDK TLS clients over real sockets, with certificates
 * made for this class: handshakes, exact acks, refusals of every kind and what they count.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsIntegrationTests {

	@TempDir
	static Path directory;

	static TestCertificates certificates;

	/**
	 * Most tests share one service: TLS on line (no client certificates, short handshake and
	 * write timeouts), framed (client certificates required) and time. Counts are compared as
	 * deltas. Tests that need another configuration start their own.
	 */
	static TestService shared;

	@BeforeAll
	static void start() {
		certificates = TestCertificates.create(directory);
		shared = TestService.start(service("line", "server", "none", "ackgate.line.ssl.handshake-timeout=800ms",
				"ackgate.line.write-timeout=500ms", "ackgate.framed.ssl.bundle=server",
				"ackgate.framed.ssl.client-auth=need", "ackgate.time.ssl.bundle=server"));
		// The line endpoint's handshake timeout is short for the timeout tests, and a cold JVM's first
		// handshakes (both sides in this process) can outlast it on a slow machine. Warmed until five
		// in a row complete and ack, the tests measure the timeout, not the JIT; counts are deltas.
		await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
			for (int i = 0; i < 5; i++) {
				try (RawClient client = RawClient.connectTls(shared.linePort(), certificates.clientContext(null, "ca"))) {
					client.write("warm-up\n");
					assertThat(client.read(lineAck("warm-up").length)).isEqualTo(lineAck("warm-up"));
				}
			}
		});
		// Each warm-up connection's close is counted before any test takes its "before" counts.
		MeterRegistry registry = shared.context().getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(registry.find("ackgate.connections.closed")
			.tags("endpoint", "line")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum()).as("warm-up connections closed").isEqualTo(opened(shared, "line")));
	}

	@AfterAll
	static void stop() {
		shared.close();
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

	private static double opened(TestService service, String endpoint) {
		return service.context().getBean(MeterRegistry.class)
			.get("ackgate.connections.opened").tags("endpoint", endpoint).counter().count();
	}

	private static void awaitClosed(TestService service, String endpoint, String reason, double count) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(closed(service, endpoint, reason))
			.as("closed{reason=%s}", reason)
			.isEqualTo(count));
	}

	@Test
	void lineAcksComeBackByteExactOverTls() throws IOException {
		try (RawClient client = RawClient.connectTls(shared.linePort(), certificates.clientContext(null, "ca"))) {
			assertThat(((SSLSocket) client.socket()).getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
			client.write("hello\n你好\n");
			assertThat(client.read(lineAck("hello").length)).isEqualTo(lineAck("hello"));
			assertThat(client.read(lineAck("你好").length)).isEqualTo(lineAck("你好"));
		}
	}

	@Test
	void framedAcksComeBackByteExactOverMutualTlsAndReceiptsAreConsumed() throws IOException {
		byte[] ack = "我收到了".getBytes(StandardCharsets.UTF_8);
		try (RawClient client = RawClient.connectTls(shared.framedPort(), certificates.clientContext("client", "ca"))) {
			client.write(frame("{\"ID\":\"1\"}"));
			assertThat(client.read(ack.length)).isEqualTo(ack);
			client.write("ok");
			client.write(frame("{\"ID\":\"2\"}"));
			assertThat(client.read(ack.length)).isEqualTo(ack);
		}
	}

	@Test
	void aPlainTextClientOnATlsPortIsClosedAndCountedAndTheServerServesOn() throws IOException {
		double before = closed(shared, "line", "tls");
		double openedBefore = opened(shared, "line");
		try (RawClient plain = RawClient.connect(shared.linePort())) {
			plain.write("hello\n");
			assertOnlyAlerts(untilClosed(plain));
		}
		awaitClosed(shared, "line", "tls", before + 1);
		// A connection whose handshake failed was opened too, so opened - closed stays what is held.
		assertThat(opened(shared, "line")).as("opened").isEqualTo(openedBefore + 1);
		try (RawClient tls = RawClient.connectTls(shared.linePort(), certificates.clientContext(null, "ca"))) {
			tls.write("after\n");
			assertThat(tls.read(lineAck("after").length)).isEqualTo(lineAck("after"));
		}
	}

	@Test
	void aClientThatDoesNotTrustTheServersCaRefusesTheHandshake() {
		double before = closed(shared, "line", "tls") + closed(shared, "line", "client");
		assertThatExceptionOfType(SSLHandshakeException.class)
			.isThrownBy(() -> RawClient.connectTls(shared.linePort(), certificates.clientContext(null, "other-ca")))
			.withMessageContaining("PKIX path building failed");
		// Usually the client's alert arrives (tls); when the client closes with the server's flight
		// unread, its reset can overtake the alert and the server sees a client that went away.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(
				() -> assertThat(closed(shared, "line", "tls") + closed(shared, "line", "client")).isEqualTo(before + 1));
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
		double before = closed(shared, "framed", "tls");
		assertThat(refused(shared.framedPort(), null)).as("no client certificate").isTrue();
		assertThat(refused(shared.framedPort(), "other-client")).as("another CA's client certificate").isTrue();
		awaitClosed(shared, "framed", "tls", before + 2);
		byte[] ack = "我收到了".getBytes(StandardCharsets.UTF_8);
		try (RawClient client = RawClient.connectTls(shared.framedPort(), certificates.clientContext("client", "ca"))) {
			client.write(frame("mutual"));
			assertThat(client.read(ack.length)).isEqualTo(ack);
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
			awaitClosed(service, "line", "tls", 1);
		}
	}

	/*
	 * With TLS 1.3 the client's handshake ends before the server has checked the client's
	 * certificate; the server's alert then arrives on the client's first read.
	 */
	private static boolean refused(int port, String identity) {
		try (RawClient client = RawClient.connectTls(port, certificates.clientContext(identity, "ca"))) {
			client.write(frame("should not be acked"));
			client.write("\n");
			return client.closedByServer(Duration.ofSeconds(5));
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// The handshake failed, or the server's alert or reset arrived on the write or the read;
			// an ack (the connection was served) is no refusal.
			return !String.valueOf(ex.getMessage()).startsWith("expected the connection to be closed");
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
		try (RawClient client = RawClient.connectTls(shared.timePort(), certificates.clientContext(null, "ca"))) {
			String time = new String(client.readToEnd(), StandardCharsets.UTF_8);
			assertThat(time).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})");
		}
	}

	@Test
	void aSilentClientIsCutOffAtTheHandshakeTimeoutWithoutHoldingUpOthers(CapturedOutput output) throws IOException {
		double before = closed(shared, "line", "tls");
		try (RawClient silent = RawClient.connect(shared.linePort())) {
			try (RawClient other = RawClient.connectTls(shared.linePort(), certificates.clientContext(null, "ca"))) {
				other.write("meanwhile\n");
				assertThat(other.read(lineAck("meanwhile").length)).isEqualTo(lineAck("meanwhile"));
			}
			assertOnlyAlerts(untilClosed(silent));
		}
		awaitClosed(shared, "line", "tls", before + 1);
		// The same words on both transports.
		assertThat(output).contains("failed: no handshake within 800 ms; closing the connection",
				"closed: TLS handshake failed: no handshake within 800 ms");
	}

	@Test
	void aClientDribblingItsHelloIsCutOffByTheWholeHandshakeDeadline() throws Exception {
		double before = closed(shared, "line", "tls");
		try (RawClient slow = RawClient.connect(shared.linePort())) {
			// A TLS record header promising a long ClientHello, then a byte every 300 ms: each read
			// is within the socket timeout (800 ms), the handshake as a whole is not.
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
		}
		awaitClosed(shared, "line", "tls", before + 1);
	}

	@Test
	void aTlsPeerThatNeverReadsItsAcksIsCutOffByTheWriteTimeoutAndTheWatchdogLivesOn(CapturedOutput output)
			throws Exception {
		double before = closed(shared, "line", "idle");
		for (int round = 1; round <= 2; round++) {
			try (RawClient stalled = RawClient.connectTls(shared.linePort(), certificates.clientContext(null, "ca"))) {
				stalled.socket().setReceiveBufferSize(4096);
				byte[] lines = "x".repeat(1023).concat("\n").repeat(64).getBytes(StandardCharsets.US_ASCII);
				// Each write blocks once the buffers are full, until the server gives up on this peer.
				await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1)).until(() -> {
					try {
						stalled.write(lines);
						return false;
					}
					catch (IOException ex) {
						return true;
					}
				});
			}
			awaitClosed(shared, "line", "idle", before + round);
		}
		try (RawClient client = RawClient.connectTls(shared.linePort(), certificates.clientContext(null, "ca"))) {
			client.write("still serving\n");
			assertThat(client.read(lineAck("still serving").length)).isEqualTo(lineAck("still serving"));
		}
		assertThat(output).contains("closed: ack not read by the peer within the write timeout");
		// Closed at once, not after a close_notify the peer would never read: no wait of Netty's
		// flush timeout (3 s beyond the write timeout), and no warning line per such peer.
		assertThat(output).doesNotContain("Last write attempt timed out");
	}

	@Test
	void aReloadedBundleServesNewConnectionsWhileOpenOnesGoOn() throws Exception {
		Path live = directory.resolve("live");
		Files.createDirectories(live);
		Files.copy(certificates.certificate("server"), live.resolve("tls.crt"));
		Files.copy(certificates.key("server"), live.resolve("tls.key"));
		try (TestService service = TestService.start("spring.ssl.bundle.pem.live.keystore.certificate="
				+ live.resolve("tls.crt").toUri(), "spring.ssl.bundle.pem.live.keystore.private-key="
						+ live.resolve("tls.key").toUri(), "spring.ssl.bundle.pem.live.reload-on-update=true",
				"spring.ssl.bundle.watch.file.quiet-period=100ms", "ackgate.line.ssl.bundle=live",
				"ackgate.udp.enabled=false");
				RawClient before = RawClient.connectTls(service.linePort(), certificates.clientContext(null, "ca"))) {
			assertAcked(before, "before");
			// Written whole and moved into place, as Kubernetes updates a mounted secret.
			Files.copy(certificates.key("other-server"), live.resolve("tls.key.new"));
			Files.copy(certificates.certificate("other-server"), live.resolve("tls.crt.new"));
			Files.move(live.resolve("tls.key.new"), live.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING,
					StandardCopyOption.ATOMIC_MOVE);
			Files.move(live.resolve("tls.crt.new"), live.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING,
					StandardCopyOption.ATOMIC_MOVE);
			RawClient after = await("a connection trusting only the new certificate's CA")
				.atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.ignoreException(SSLHandshakeException.class)
				.until(() -> RawClient.connectTls(service.linePort(), certificates.clientContext(null, "other-ca")),
						java.util.Objects::nonNull);
			try (RawClient reloaded = after) {
				assertAcked(reloaded, "after");
			}
			assertAcked(before, "the open connection keeps its session");
		}
	}

	private static void assertAcked(RawClient client, String line) throws IOException {
		client.write(line + "\n");
		assertThat(client.read(lineAck(line).length)).isEqualTo(lineAck(line));
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
		double before = closed(shared, "line", "tls");
		Openssl.Result result = Openssl.sClient(shared.linePort(), certificates.certificate("ca"), "hello\n",
				"-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
		assertThat(result.output()).doesNotContain("已接收");
		assertThat(result.output()).containsAnyOf("no protocols available", "alert protocol version",
				"unsupported protocol", "wrong version number", "handshake failure");
		awaitClosed(shared, "line", "tls", before + 1);
	}

	@Test
	void opensslSClientGetsTheAck() throws Exception {
		Openssl.assumeInstalled();
		Openssl.Result result = Openssl.sClient(shared.linePort(), certificates.certificate("ca"), "hello\n");
		assertThat(result.output()).contains("Verify return code: 0 (ok)").contains("已接收: hello");
	}

	private static String fullMessage(Throwable failure) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			all.writeBytes((cause.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
		}
		return all.toString(StandardCharsets.UTF_8);
	}

}
