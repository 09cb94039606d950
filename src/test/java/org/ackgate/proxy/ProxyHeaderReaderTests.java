package org.ackgate.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.ackgate.proxy.ProxyHeaderViolation.Kind;

import static org.ackgate.proxy.ProxyHeaders.ascii;
import static org.ackgate.proxy.ProxyHeaders.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The reader over real loopback sockets: exactly the header, within the timeout, the rest left. */
class ProxyHeaderReaderTests {

	private ServerSocket listener;

	private Socket client;

	private Socket accepted;

	@BeforeEach
	void connect() throws IOException {
		this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.client = new Socket(InetAddress.getLoopbackAddress(), this.listener.getLocalPort());
		this.accepted = this.listener.accept();
	}

	@AfterEach
	void close() throws IOException {
		this.client.close();
		this.accepted.close();
		this.listener.close();
	}

	@Test
	void readsTheHeaderAndLeavesTheFirstMessageInTheSocket() throws IOException {
		this.client.getOutputStream().write(concat(ascii("PROXY TCP4 127.0.0.2 127.0.0.1 40000 8080\r\n"), ascii("hello\n")));
		this.accepted.setSoTimeout(1234);
		ProxyHeader header = new ProxyHeaderReader(Duration.ofSeconds(5)).read(this.accepted);
		assertThat(header.source()).isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 40000));
		assertThat(this.accepted.getSoTimeout()).as("the socket's own read timeout, restored").isEqualTo(1234);
		assertThat(this.accepted.getInputStream().readNBytes(6)).isEqualTo(ascii("hello\n"));
	}

	@Test
	void aHeaderThatStopsHalfwayIsLateAfterTheTimeout() throws IOException {
		this.client.getOutputStream().write(ascii("PROXY TCP4 127.0.0.2"));
		long start = System.nanoTime();
		assertThatExceptionOfType(ProxyHeaderViolation.class)
			.isThrownBy(() -> new ProxyHeaderReader(Duration.ofMillis(300)).read(this.accepted))
			.satisfies(violation -> {
				assertThat(violation.kind()).isEqualTo(Kind.LATE);
				assertThat(violation).hasMessage("no complete PROXY header within 300 ms (20 bytes came)");
			});
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(290), Duration.ofSeconds(3));
	}

	@Test
	void aHeaderTrickledAByteAtATimeIsCutOffAtTheTimeoutOfTheWhole() throws Exception {
		byte[] header = ascii("PROXY TCP4 127.0.0.2 127.0.0.1 40000 8080\r\n");
		Thread trickler = new Thread(() -> {
			try {
				OutputStream out = this.client.getOutputStream();
				for (byte b : header) {
					out.write(b);
					out.flush();
					Thread.sleep(50);
				}
			}
			catch (IOException | InterruptedException ex) {
				// The reader gave up and closed: what this test expects.
			}
		}, "trickler");
		trickler.start();
		long start = System.nanoTime();
		assertThatExceptionOfType(ProxyHeaderViolation.class)
			.isThrownBy(() -> new ProxyHeaderReader(Duration.ofMillis(500)).read(this.accepted))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(Kind.LATE));
		// 43 bytes at 50 ms each would take over 2 s; each read only waits for what is left of the 500 ms.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
		this.accepted.close();
		trickler.join(5000);
	}

	@Test
	void aCloseBeforeAnyByteIsAnEndOfStreamNotAViolation() throws IOException {
		this.client.close();
		assertThatExceptionOfType(EOFException.class)
			.isThrownBy(() -> new ProxyHeaderReader(Duration.ofSeconds(5)).read(this.accepted))
			.withMessage("closed before sending a PROXY header");
	}

	@Test
	void aCloseInsideTheHeaderIsTruncated() throws IOException {
		this.client.getOutputStream().write(ascii("PROXY TCP4 127.0.0.2 127.0.0.1"));
		this.client.shutdownOutput();
		assertThatExceptionOfType(ProxyHeaderViolation.class)
			.isThrownBy(() -> new ProxyHeaderReader(Duration.ofSeconds(5)).read(this.accepted))
			.satisfies(violation -> {
				assertThat(violation.kind()).isEqualTo(Kind.TRUNCATED);
				assertThat(violation).hasMessage("the stream ended after 30 bytes of a PROXY header");
			});
	}

	@Test
	void aClientThatSpeaksFirstWithoutAHeaderIsMissingAtOnce() throws IOException {
		this.client.getOutputStream().write(ascii("hello\n"));
		assertThatExceptionOfType(ProxyHeaderViolation.class)
			.isThrownBy(() -> new ProxyHeaderReader(Duration.ofSeconds(5)).read(this.accepted))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(Kind.MISSING));
	}

}
