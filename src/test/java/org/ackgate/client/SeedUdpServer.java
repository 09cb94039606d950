package org.ackgate.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Seed 001's UDP "NTP" server on a free loopback port: each datagram, read into a 1024-byte
 * buffer, is answered with the time from the socket it arrived on; or, silent, it only counts
 * what arrives.
 */
final class SeedUdpServer implements AutoCloseable {

	private final DatagramSocket socket;

	final List<byte[]> received = new CopyOnWriteArrayList<>();

	private SeedUdpServer(String time) throws IOException {
		this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[1024];
			while (!this.socket.isClosed()) {
				try {
					DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
					this.socket.receive(packet);
					this.received.add(Arrays.copyOf(packet.getData(), packet.getLength()));
					if (time != null) {
						byte[] reply = time.getBytes(StandardCharsets.UTF_8);
						this.socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
					}
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "seed-udp-server");
		thread.setDaemon(true);
		thread.start();
	}

	static SeedUdpServer answering(String time) {
		try {
			return new SeedUdpServer(time);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static SeedUdpServer silent() {
		return answering(null);
	}

	String portText() {
		return Integer.toString(this.socket.getLocalPort());
	}

	@Override
	public void close() {
		this.socket.close();
	}

}
