package org.ackgate.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Reads one PROXY header off a socket, on the connection's own thread, before anything else
 * reads it: exactly the header's bytes, so that what follows (a TLS ClientHello, the first
 * message) is left in the socket for them. The whole header must arrive within the timeout: each
 * read waits only for what is left of it, so a balancer, or anyone who got past the trusted
 * list, trickling a byte at a time is cut off too.
 */
public final class ProxyHeaderReader {

	private final Duration timeout;

	private final int v2MaxLength;

	private final LongSupplier nanoTime;

	public ProxyHeaderReader(Duration timeout) {
		this(timeout, ProxyHeaderDecoder.DEFAULT_V2_MAX_LENGTH, System::nanoTime);
	}

	ProxyHeaderReader(Duration timeout, int v2MaxLength, LongSupplier nanoTime) {
		this.timeout = timeout;
		this.v2MaxLength = v2MaxLength;
		this.nanoTime = nanoTime;
	}

	/**
	 * @return the header; the socket's read timeout is as it was
	 * @throws ProxyHeaderViolation when the header is missing, malformed, oversize, truncated or late
	 * @throws EOFException when the peer closed before sending a byte (a balancer's plain TCP check)
	 */
	public ProxyHeader read(Socket socket) throws IOException {
		int timeoutBefore = socket.getSoTimeout();
		try {
			return read(socket, socket.getInputStream());
		}
		finally {
			if (!socket.isClosed()) {
				socket.setSoTimeout(timeoutBefore);
			}
		}
	}

	private ProxyHeader read(Socket socket, InputStream input) throws IOException {
		long deadline = this.nanoTime.getAsLong() + this.timeout.toNanos();
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(this.v2MaxLength);
		byte[] chunk = new byte[ProxyHeaderDecoder.V1_MAX_LENGTH];
		while (true) {
			long left = deadline - this.nanoTime.getAsLong();
			if (left <= 0) {
				throw late(decoder);
			}
			socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(left).toMillis())));
			int read;
			try {
				read = input.read(chunk, 0, Math.min(chunk.length, decoder.bytesWanted()));
			}
			catch (SocketTimeoutException ex) {
				throw late(decoder);
			}
			if (read < 0) {
				if (decoder.bytesTaken() == 0) {
					throw new EOFException("closed before sending a PROXY header");
				}
				throw new ProxyHeaderViolation(ProxyHeaderViolation.Kind.TRUNCATED,
						"the stream ended after " + decoder.bytesTaken() + " bytes of a PROXY header");
			}
			ProxyHeader header = decoder.decode(ByteBuffer.wrap(chunk, 0, read));
			if (header != null) {
				return header;
			}
		}
	}

	private ProxyHeaderViolation late(ProxyHeaderDecoder decoder) {
		return new ProxyHeaderViolation(ProxyHeaderViolation.Kind.LATE, "no complete PROXY header within "
				+ this.timeout.toMillis() + " ms (" + decoder.bytesTaken() + " bytes came)");
	}

}
