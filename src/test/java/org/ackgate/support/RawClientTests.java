package org.ackgate.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@link RawClient#assertSilentFor} can fail: a byte or a close within the time is not silence. */
class RawClientTests {

	private static final Duration SILENCE = Duration.ofMillis(300);

	@Test
	void anOpenQuietConnectionIsSilent() throws IOException {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				RawClient client = RawClient.connect(server.getLocalPort());
				Socket accepted = server.accept()) {
			assertThatCode(() -> client.assertSilentFor(SILENCE)).doesNotThrowAnyException();
		}
	}

	@Test
	void aByteWithinTheTimeFails() throws IOException {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				RawClient client = RawClient.connect(server.getLocalPort());
				Socket accepted = server.accept()) {
			accepted.getOutputStream().write('x');
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.assertSilentFor(SILENCE))
				.withMessageEndingWith("but byte 120 arrived");
		}
	}

	@Test
	void theServersCloseWithinTheTimeFails() throws IOException {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				RawClient client = RawClient.connect(server.getLocalPort())) {
			server.accept().close();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.assertSilentFor(SILENCE))
				.withMessageEndingWith("but the server closed it");
		}
	}

}
