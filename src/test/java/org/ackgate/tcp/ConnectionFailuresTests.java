package org.ackgate.tcp;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import org.ackgate.tcp.ConnectionFailures.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/** The one table that turns a connection's I/O failure into a close reason and a log text. */
class ConnectionFailuresTests {

	@Test
	void aPeerThatClosedResetOrVanishedIsGoneNotAnError() {
		assertThat(ConnectionFailures.classify(new EOFException())).isEqualTo(Kind.PEER_GONE);
		assertThat(ConnectionFailures.classify(new SocketException("Connection reset"))).isEqualTo(Kind.PEER_GONE);
		assertThat(ConnectionFailures.classify(new SocketException("Connection reset by peer")))
			.isEqualTo(Kind.PEER_GONE);
		assertThat(ConnectionFailures.classify(new SocketException("Broken pipe (Write failed)")))
			.isEqualTo(Kind.PEER_GONE);
		assertThat(ConnectionFailures.classify(new SocketException("Socket closed"))).isEqualTo(Kind.PEER_GONE);
		// Netty's native transports, as they word it (a client's reset seen on io_uring; a write on epoll).
		assertThat(ConnectionFailures.classify(
				new IOException("io_uring read(..) failed with error(-104): Connection reset by peer")))
			.isEqualTo(Kind.PEER_GONE);
		assertThat(ConnectionFailures.classify(new IOException("writevAddresses(..) failed: Broken pipe")))
			.isEqualTo(Kind.PEER_GONE);
		SSLHandshakeException terminated = new SSLHandshakeException("Remote host terminated the handshake");
		terminated.initCause(new EOFException("SSL peer shut down incorrectly"));
		assertThat(ConnectionFailures.classify(terminated)).isEqualTo(Kind.PEER_GONE);
	}

	@Test
	void causesAreSearchedOutermostFirst() {
		assertThat(ConnectionFailures.classify(new UncheckedIOException(new SocketException("Connection reset"))))
			.isEqualTo(Kind.PEER_GONE);
		SSLHandshakeException rejected = new SSLHandshakeException("PKIX path building failed");
		rejected.initCause(new CertificateException("unknown issuer"));
		assertThat(ConnectionFailures.classify(rejected)).isEqualTo(Kind.CERTIFICATE_REJECTED);
		assertThat(ConnectionFailures.certificateProblem(rejected)).isEqualTo("unknown issuer");
	}

	@Test
	void theKnownTlsFailuresAreToldApart() {
		assertThat(ConnectionFailures.classify(new SocketTimeoutException("Read timed out"))).isEqualTo(Kind.TIMEOUT);
		assertThat(ConnectionFailures.classify(new SSLException("Unsupported or unrecognized SSL message")))
			.isEqualTo(Kind.NOT_TLS);
		assertThat(ConnectionFailures.classify(new SSLHandshakeException("Empty client certificate chain")))
			.isEqualTo(Kind.NO_CLIENT_CERTIFICATE);
		assertThat(ConnectionFailures.classify(
				new SSLHandshakeException("Client requested protocol TLSv1.1 is not enabled or supported in server context")))
			.isEqualTo(Kind.NO_COMMON_PROTOCOL);
	}

	@Test
	void anythingElseIsOther() {
		assertThat(ConnectionFailures.classify(new IOException("No space left on device"))).isEqualTo(Kind.OTHER);
		assertThat(ConnectionFailures.classify(new SocketException("Connection refused"))).isEqualTo(Kind.OTHER);
		assertThat(ConnectionFailures.classify(new SSLException("Tag mismatch"))).isEqualTo(Kind.OTHER);
		assertThat(ConnectionFailures.rootCause(new IllegalStateException("outer", new IOException("inner"))))
			.isEqualTo("IOException: inner");
	}

}
