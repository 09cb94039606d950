package org.ackgate.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.ackgate.support.TestCertificates;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's TLS options against the service with TLS on: line (no client certificates), framed
 * (client certificates required) and time, all serving a certificate from the test CA.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientTlsIntegrationTests {

	@TempDir
	static Path directory;

	static TestCertificates certificates;

	static TestService service;

	@BeforeAll
	static void start() {
		certificates = TestCertificates.create(directory);
		List<String> properties = new ArrayList<>(List.of(certificates.pemBundle("server", "server", "ca")));
		properties.addAll(List.of("ackgate.line.ssl.bundle=server", "ackgate.framed.ssl.bundle=server",
				"ackgate.framed.ssl.client-auth=need", "ackgate.time.ssl.bundle=server", "ackgate.udp.enabled=false"));
		service = TestService.start(properties.toArray(String[]::new));
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	private static String file(String name) {
		return certificates.certificate(name).toString();
	}

	private static String key(String name) {
		return certificates.key(name).toString();
	}

	private static String port(int port) {
		return Integer.toString(port);
	}

	@Test
	void lineOverTlsTrustingTheCa() {
		ClientRun run = ClientRun.of("line", "--port", port(service.linePort()), "--tls", "--ca", file("ca"), "hello", "你好");
		assertThat(run.err()).isEmpty();
		assertThat(run.out()).isEqualTo("已接收: hello\n已接收: 你好\n");
		assertThat(run.status()).isZero();
	}

	@Test
	void framedWithAClientCertificateForMutualTls() {
		ClientRun run = ClientRun.of("framed", "--port", port(service.framedPort()), "--tls", "--ca", file("ca"),
				"--cert", file("client"), "--key", key("client"), "{\"ID\":\"1\"}");
		assertThat(run.err()).isEmpty();
		assertThat(run.out()).isEqualTo("我收到了\n");
		assertThat(run.status()).isZero();
	}

	@Test
	void framedWithoutAClientCertificateFailsInOneLine() {
		ClientRun run = ClientRun.of("framed", "--port", port(service.framedPort()), "--tls", "--ca", file("ca"), "x");
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).isEqualTo("ackgate: TLS handshake with 127.0.0.1:" + service.framedPort()
				+ " failed: the server requires a client certificate (--cert FILE --key FILE)\n");
	}

	@Test
	void framedWithAnotherCasClientCertificateFailsInOneLine() {
		ClientRun run = ClientRun.of("framed", "--port", port(service.framedPort()), "--tls", "--ca", file("ca"),
				"--cert", file("other-client"), "--key", key("other-client"), "x");
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.out()).isEmpty();
		// The server closes a failed handshake lingering, so the alert reaches the client, not a reset.
		assertThat(run.err()).isEqualTo("ackgate: TLS handshake with 127.0.0.1:" + service.framedPort()
				+ " failed: the server refused the client certificate (Received fatal alert: certificate_unknown)\n");
	}

	@Test
	void aServerCertificateFromAnotherCaIsRefusedInOneLine() {
		for (String command : List.of("line", "dial", "time")) {
			int port = command.equals("time") ? service.timePort() : service.linePort();
			ClientRun run = ClientRun.of(command, "--port", port(port), "--tls", "--ca", file("other-ca"));
			assertThat(run.status()).as(command).isEqualTo(1);
			assertThat(run.out()).as(command).isEmpty();
			assertThat(run.err()).as(command).isEqualTo("ackgate: TLS handshake with 127.0.0.1:" + port
					+ " failed: PKIX path building failed (untrusted certificate)\n");
		}
	}

	@Test
	void aPlainLineClientOnATlsPortIsToldToAddTls() {
		ClientRun run = ClientRun.of("line", "--port", port(service.linePort()), "hello");
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).isEqualTo("ackgate: 127.0.0.1:" + service.linePort()
				+ " answered with a TLS alert: it speaks TLS (add --tls)\n");
	}

	@Test
	void insecureTrustsAnyCertificateAndWarns() {
		ClientRun run = ClientRun.of("line", "--port", port(service.linePort()), "--tls", "--insecure", "x");
		assertThat(run.out()).isEqualTo("已接收: x\n");
		assertThat(run.err()).startsWith("ackgate: warning: --insecure").hasLineCount(1);
		assertThat(run.status()).isZero();
	}

	@Test
	void timeAndDialOverTls() {
		ClientRun time = ClientRun.of("time", "--port", port(service.timePort()), "--tls", "--ca", file("ca"));
		assertThat(time.status()).isZero();
		assertThat(time.out()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})\\n?");
		ClientRun dial = ClientRun.of("dial", "--port", port(service.linePort()), "--tls", "--ca", file("ca"));
		assertThat(dial.status()).isZero();
		assertThat(dial.out()).startsWith("connected to 127.0.0.1:" + service.linePort() + " in ");
	}

	@Test
	void benchOverTlsWithTheGatewayEngine() {
		ClientRun run = ClientRun.of("bench", "--port", port(service.linePort()), "--tls", "--ca", file("ca"),
				"--engine", "gateway", "--connections", "2", "--messages", "50", "--no-progress", "--json");
		assertThat(run.err()).isEmpty();
		assertThat(run.status()).isZero();
		assertThat(run.out()).contains("\"acked\":100");
	}

	@Test
	void usageErrors() {
		assertThat(ClientRun.of("bench", "--port", port(service.linePort()), "--tls", "--ca", file("ca")).err())
			.contains("--tls needs --engine gateway");
		for (String[] args : new String[][] { { "line", "--ca", file("ca"), "x" },
				{ "line", "--tls", "--cert", file("client"), "x" }, { "line", "--tls", "--insecure", "--ca", file("ca"), "x" },
				{ "line", "--tls", "--ca", directory.resolve("missing.crt").toString(), "x" },
				{ "line", "--tls", "--ca", key("client"), "x" } }) {
			ClientRun run = ClientRun.of(args);
			assertThat(run.status()).as(String.join(" ", args)).isEqualTo(2);
			assertThat(run.out()).isEmpty();
		}
	}

}
