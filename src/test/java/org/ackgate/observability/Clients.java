package org.ackgate.observability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Raw socket clients for the tests: exact bytes out, bounded waits for what comes back. */
final class Clients {

	static final int TIMEOUT_MILLIS = 5000;

	private Clients() {
	}

	static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
		socket.setSoTimeout(TIMEOUT_MILLIS);
		return socket;
	}

	static byte[] frame(byte[] payload) {
		return ByteBuffer.allocate(11 + payload.length)
			.put("Headers".getBytes(StandardCharsets.US_ASCII))
			.putInt(payload.length)
			.put(payload)
			.array();
	}

	static byte[] readExactly(InputStream in, int length) throws IOException {
		byte[] bytes = in.readNBytes(length);
		if (bytes.length != length) {
			throw new IOException("Expected " + length + " bytes, the stream ended after " + bytes.length);
		}
		return bytes;
	}

	/** Everything until the server closes the stream. */
	static byte[] readToEnd(Socket socket) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		socket.getInputStream().transferTo(all);
		return all.toByteArray();
	}

	/** Sends one datagram and returns the reply. */
	static byte[] udpExchange(int port, byte[] request) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			socket.setSoTimeout(TIMEOUT_MILLIS);
			socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
			DatagramPacket reply = new DatagramPacket(new byte[65536], 65536);
			socket.receive(reply);
			byte[] bytes = new byte[reply.getLength()];
			System.arraycopy(reply.getData(), reply.getOffset(), bytes, 0, reply.getLength());
			return bytes;
		}
	}

}
