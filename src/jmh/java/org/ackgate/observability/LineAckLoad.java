package org.ackgate.observability;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small closed-loop load for the line endpoint, to compare a service with metrics on and off:
 * {@code connections} clients each send a 64-byte line and wait for its ack, for
 * {@code seconds} after a 2-second warm-up; every ack is checked byte for byte. Prints acks per
 * second in the measured window, then every ack counted, warm-up included (for CPU per ack).
 * <p>
 * Usage: {@code LineAckLoad PORT CONNECTIONS SECONDS}, against 127.0.0.1 only.
 */
public final class LineAckLoad {

	private LineAckLoad() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int connections = Integer.parseInt(args[1]);
		long seconds = Long.parseLong(args[2]);
		byte[] line = new byte[64];
		Arrays.fill(line, 0, 63, (byte) 'x');
		line[63] = '\n';
		byte[] ack = ("已接收: " + "x".repeat(63) + "\n").getBytes(StandardCharsets.UTF_8);
		LongAdder acks = new LongAdder();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicBoolean failed = new AtomicBoolean();
		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			Socket socket = new Socket();
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(10_000);
			socket.setTcpNoDelay(true);
			Thread client = new Thread(() -> {
				try (socket) {
					OutputStream out = socket.getOutputStream();
					InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
					byte[] reply = new byte[ack.length];
					while (running.get()) {
						out.write(line);
						if (in.readNBytes(reply, 0, reply.length) != reply.length || !Arrays.equals(reply, ack)) {
							failed.set(true);
							return;
						}
						acks.increment();
					}
				}
				catch (IOException ex) {
					failed.set(true);
				}
			});
			clients.add(client);
		}
		clients.forEach(Thread::start);
		Thread.sleep(2000);
		long start = System.nanoTime();
		long before = acks.sum();
		Thread.sleep(seconds * 1000);
		long counted = acks.sum() - before;
		double elapsed = (System.nanoTime() - start) / 1e9;
		running.set(false);
		for (Thread client : clients) {
			client.join(15_000);
		}
		if (failed.get()) {
			System.err.println("an ack was wrong or missing");
			System.exit(1);
		}
		System.out.printf("%.0f %d%n", counted / elapsed, acks.sum());
	}

}
