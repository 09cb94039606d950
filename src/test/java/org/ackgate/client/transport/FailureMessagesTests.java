package org.ackgate.client.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import org.springframework.integration.MessageTimeoutException;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.GenericMessage;

import org.ackgate.wire.ProtocolViolation;

import static org.assertj.core.api.Assertions.assertThat;

class FailureMessagesTests {

	private final ClientTarget target = new ClientTarget("127.0.0.1", 7373, Duration.ofSeconds(5));

	@Test
	void refusedConnectBuriedInMessagingExceptions() {
		Throwable failure = new MessageHandlingException(new GenericMessage<>("x"), "Failed to send or receive",
				new UncheckedIOException(new ConnectException("Connection refused")));
		assertThat(describe(failure)).isEqualTo("connection refused: 127.0.0.1:7373");
	}

	@Test
	void tlsHandshakeFailuresSayWhatToDo() {
		SSLHandshakeException expired = new SSLHandshakeException("PKIX path validation failed");
		expired.initCause(new CertificateExpiredException("NotAfter: Sat Nov 21 09:00:00 UTC 2026"));
		assertThat(describe(new UncheckedIOException(expired))).isEqualTo("TLS handshake with 127.0.0.1:7373 failed: "
				+ "the server's certificate has expired (NotAfter: Sat Nov 21 09:00:00 UTC 2026)");
		assertThat(describe(new SSLHandshakeException("PKIX path building failed: unable to find valid certification path")))
			.isEqualTo("TLS handshake with 127.0.0.1:7373 failed: PKIX path building failed (untrusted certificate)");
		assertThat(describe(new SSLHandshakeException("No subject alternative names matching IP address 10.0.0.1 found")))
			.startsWith("TLS handshake with 127.0.0.1:7373 failed: the server's certificate is not for 127.0.0.1");
		assertThat(describe(new SSLException("Received fatal alert: certificate_required")))
			.isEqualTo("TLS handshake with 127.0.0.1:7373 failed: the server requires a client certificate (--cert FILE --key FILE)");
		assertThat(describe(new SSLException("(certificate_unknown) Received fatal alert: certificate_unknown")))
			.isEqualTo("TLS handshake with 127.0.0.1:7373 failed: the server refused the client certificate "
					+ "(Received fatal alert: certificate_unknown)");
		assertThat(describe(new SSLException("Unsupported or unrecognized SSL message")))
			.isEqualTo("TLS handshake with 127.0.0.1:7373 failed: the server does not speak TLS (plain TCP on this port?)");
		assertThat(describe(new SSLHandshakeException("Remote host terminated the handshake")))
			.isEqualTo("TLS handshake with 127.0.0.1:7373 failed: the server closed the connection during the handshake");
	}

	@Test
	void connectTimeouts() {
		assertThat(describe(new SocketTimeoutException("Connect timed out")))
			.isEqualTo("timed out connecting to 127.0.0.1:7373 after 5s");
		assertThat(describe(new ConnectException("Connection timed out")))
			.isEqualTo("timed out connecting to 127.0.0.1:7373 after 5s");
	}

	@Test
	void replyTimeouts() {
		assertThat(describe(new MessagingException("wrapped",
				new MessageTimeoutException(new GenericMessage<>("x"), "Timed out waiting for response"))))
			.isEqualTo("no reply from 127.0.0.1:7373 within 5s");
		assertThat(describe(new SocketTimeoutException("Read timed out")))
			.isEqualTo("no reply from 127.0.0.1:7373 within 5s");
	}

	@Test
	void serverClosing() {
		assertThat(describe(new MessagingException("e", new PeerClosedException())))
			.isEqualTo("connection closed by 127.0.0.1:7373 before the reply");
		assertThat(describe(new ProtocolViolation(ProtocolViolation.Kind.TRUNCATED, "stream ended")))
			.isEqualTo("connection closed by 127.0.0.1:7373 in the middle of a reply");
		assertThat(describe(new SocketException("Connection reset"))).isEqualTo("connection reset by 127.0.0.1:7373");
		assertThat(describe(new SocketException("Broken pipe")))
			.isEqualTo("connection closed by 127.0.0.1:7373 while sending");
	}

	@Test
	void badReplies() {
		assertThat(describe(new ProtocolViolation(ProtocolViolation.Kind.OVERSIZE, "too long")))
			.isEqualTo("bad reply from 127.0.0.1:7373: too long");
		assertThat(describe(new UnexpectedReplyException("expected the ack \"我收到了\"",
				"OK".getBytes(StandardCharsets.UTF_8))))
			.isEqualTo("unexpected reply from 127.0.0.1:7373: got text=\"OK\", expected the ack \"我收到了\"");
	}

	@Test
	void unknownHostNamesTheHost() {
		assertThat(FailureMessages.describe(new UnknownHostException("nowhere.invalid"),
				new ClientTarget("nowhere.invalid", 1, Duration.ofSeconds(1))))
			.isEqualTo("unknown host: nowhere.invalid");
	}

	@Test
	void aClientFailureSaysItAlready() {
		assertThat(describe(new MessagingException("x", new ClientFailure("as said")))).isEqualTo("as said");
	}

	@Test
	void anythingElseStillFitsOnOneLine() {
		assertThat(describe(new MessagingException("x", new IOException("disk on fire"))))
			.isEqualTo("I/O error with 127.0.0.1:7373: disk on fire");
		assertThat(describe(new IllegalStateException("odd"))).isEqualTo(
				"unexpected error with 127.0.0.1:7373: java.lang.IllegalStateException: odd");
	}

	private String describe(Throwable failure) {
		return FailureMessages.describe(failure, this.target);
	}

}
