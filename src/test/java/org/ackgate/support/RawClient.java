package org.ackgate.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A plain blocking socket, as the seeds' clients use one: no framing help, every read bounded
 * by a timeout, TCP_NODELAY on so each write leaves as its own segment.
 */
public final class RawClient implements AutoCloseable {

	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private final Socket socket;

	private final InputStream in;

	private RawClient(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
	}

	public static RawClient connect(int port) throws IOException {
		return connect(new Socket(), port);
	}

	/** Connects from a chosen loopback address, say 127.0.0.2, to test source-address rules. */
	public static RawClient connectFrom(String localAddress, int port) throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(localAddress, 0));
		return connect(socket, port);
	}

	/** Connects from a chosen local address to {@code host} (127.0.0.1 or ::1, say): behind a balancer, over IPv6. */
	public static RawClient connectFrom(String localAddress, String host, int port) throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(localAddress, 0));
		return connect(socket, host, port);
	}

	/** Connects over TLS and completes the handshake; a failed handshake throws. */
	public static RawClient connectTls(int port, SSLContext context) throws IOException {
		RawClient client = connect(context.getSocketFactory().createSocket(), port);
		try {
			((SSLSocket) client.socket).startHandshake();
		}
		catch (IOException ex) {
			client.close();
			throw ex;
		}
		return client;
	}

	private static RawClient connect(Socket socket, int port) throws IOException {
		return connect(socket, "127.0.0.1", port);
	}

	private static RawClient connect(Socket socket, String host, int port) throws IOException {
		socket.setTcpNoDelay(true);
		socket.connect(new InetSocketAddress(host, port), (int) DEFAULT_TIMEOUT.toMillis());
		socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
		return new RawClient(socket);
	}

	public Socket socket() {
		return this.socket;
	}

	public RawClient write(byte[] bytes) throws IOException {
		this.socket.getOutputStream().write(bytes);
		this.socket.getOutputStream().flush();
		return this;
	}

	public RawClient write(String text) throws IOException {
		return write(text.getBytes(StandardCharsets.UTF_8));
	}

	/** Exactly {@code length} bytes, or fails when the stream ends or the timeout passes. */
	public byte[] read(int length) throws IOException {
		byte[] result = this.in.readNBytes(length);
		if (result.length < length) {
			throw new IOException("stream ended after " + result.length + " of " + length + " bytes: "
					+ Arrays.toString(result));
		}
		return result;
	}

	public String readText(int byteLength) throws IOException {
		return new String(read(byteLength), StandardCharsets.UTF_8);
	}

	/** Everything until the server closes, bounded by the socket timeout. */
	public byte[] readToEnd() throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		this.in.transferTo(all);
		return all.toByteArray();
	}

	/**
	 * Whether the server closed the connection without sending anything more, within the
	 * timeout: end of stream or a reset both count; data or a timeout do not.
	 */
	public boolean closedByServer(Duration timeout) throws IOException {
		this.socket.setSoTimeout((int) timeout.toMillis());
		try {
			int next = this.in.read();
			if (next >= 0) {
				throw new IOException("expected the connection to be closed, got byte " + next);
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true;
		}
		finally {
			this.socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
		}
	}

	/**
	 * Asserts that nothing arrives for the given time and the connection stays open: a byte, the
	 * server's close or a reset within it fails the test.
	 */
	public void assertSilentFor(Duration duration) throws IOException {
		this.socket.setSoTimeout((int) duration.toMillis());
		try {
			int next = this.in.read();
			throw new AssertionError("expected " + duration.toMillis() + " ms of silence on an open connection, but "
					+ ((next < 0) ? "the server closed it" : "byte " + next + " arrived"));
		}
		catch (SocketTimeoutException ex) {
			// Silent, and still open.
		}
		catch (SocketException ex) {
			throw new AssertionError("expected " + duration.toMillis() + " ms of silence on an open connection, but "
					+ "it failed: " + ex.getMessage(), ex);
		}
		finally {
			if (!this.socket.isClosed()) {
				this.socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
