package org.ackgate.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.ackgate.framed.HeadersCodec;
import org.ackgate.wire.FrameInput;

/**
 * A TCP server on a free loopback port that handles each connection on its own thread the way a
 * seed's Go server does (goroutine per connection, plain reads and writes), for testing the client
 * against servers written the seeds' way. It records what it read.
 */
final class SeedServer implements AutoCloseable {

	static final byte[] FRAMED_ACK = "我收到了".getBytes(StandardCharsets.UTF_8);

	/** What a connection does; it may block, and ends when it returns. */
	@FunctionalInterface
	interface Handler {

		void handle(Socket socket, SeedServer server) throws IOException, InterruptedException;

	}

	private final ServerSocket listener;

	private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "seed-server");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<Socket> accepted = ConcurrentHashMap.newKeySet();

	/** Every chunk a connection read, in order, across connections. */
	final List<byte[]> reads = new CopyOnWriteArrayList<>();

	private final CountDownLatch acceptsEnded = new CountDownLatch(1);

	/** Counted down when a client closes its side of a connection. */
	final CountDownLatch clientClosed = new CountDownLatch(1);

	private SeedServer(Handler handler) throws IOException {
		this.listener = new ServerSocket();
		this.listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		this.threads.execute(() -> {
			try {
				acceptUntilClosed(handler);
			}
			finally {
				this.acceptsEnded.countDown();
			}
		});
	}

	private void acceptUntilClosed(Handler handler) {
		while (!this.listener.isClosed()) {
			Socket socket;
			try {
				socket = this.listener.accept();
			}
			catch (IOException ex) {
				return;
			}
			if (this.listener.isClosed()) {
				// Accepted while the listener was being closed (the JDK closes it for good only once
				// accept() returns): a server that is gone serves nobody.
				closeQuietly(socket);
				return;
			}
			this.accepted.add(socket);
			try {
				this.threads.execute(() -> {
					try (socket) {
						handler.handle(socket, this);
					}
					catch (IOException | InterruptedException ex) {
						// The client went away or the test ended: this connection is over.
					}
				});
			}
			catch (RejectedExecutionException ex) {
				// close() ran between this accept and its hand-off: the server is gone, as above.
				closeQuietly(socket);
				return;
			}
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing a socket nobody will use: nothing to report.
		}
	}

	/**
	 * Closes the listener and waits until no accept() is in progress: only then are new connections
	 * refused by the kernel, not queued for an accept() that has not noticed the close yet.
	 */
	void stopListening() throws IOException, InterruptedException {
		this.listener.close();
		if (!this.acceptsEnded.await(5, TimeUnit.SECONDS)) {
			throw new IOException("the seed server's accept loop did not end within 5 s of the close");
		}
	}

	static SeedServer start(Handler handler) {
		try {
			return new SeedServer(handler);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	int port() {
		return this.listener.getLocalPort();
	}

	String portText() {
		return Integer.toString(port());
	}

	List<String> readsAsText() {
		return this.reads.stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList();
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
		for (Socket socket : this.accepted) {
			socket.close();
		}
		this.threads.shutdownNow();
	}

	/** Seed 001's server: {@code ReadString('\n')}, then {@code 已接收: } and the line, LF included. */
	static SeedServer seed001Line() {
		return start((socket, server) -> {
			socket.setSoTimeout(30_000);
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			for (int next = in.read(); next >= 0; next = in.read()) {
				line.write(next);
				if (next == '\n') {
					server.reads.add(line.toByteArray());
					out.write(("已接收: ").getBytes(StandardCharsets.UTF_8));
					out.write(line.toByteArray());
					out.flush();
					line.reset();
				}
			}
			server.clientClosed.countDown();
		});
	}

	/**
	 * Seed 004's server: one {@code Read} into a 1024-byte buffer is one message, answered with the
	 * raw ack; the next {@code Read} is the receipt.
	 */
	static SeedServer seed004Framed() {
		return start((socket, server) -> {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			byte[] buffer = new byte[1024];
			while (true) {
				int message = in.read(buffer);
				if (message < 0) {
					server.clientClosed.countDown();
					return;
				}
				server.reads.add(Arrays.copyOf(buffer, message));
				out.write(FRAMED_ACK);
				out.flush();
				int receipt = in.read(buffer);
				if (receipt < 0) {
					server.clientClosed.countDown();
					return;
				}
				server.reads.add(Arrays.copyOf(buffer, receipt));
			}
		});
	}

	/**
	 * A framed server that decodes frames properly but writes each raw ack a byte at a time, so the
	 * client sees every ack split into twelve segments.
	 */
	static SeedServer framedWithSplitAcks() {
		return start((socket, server) -> {
			socket.setTcpNoDelay(true);
			FrameInput in = FrameInput.buffered(socket.getInputStream(), 8192, "client", count -> {
			});
			OutputStream out = socket.getOutputStream();
			HeadersCodec codec = new HeadersCodec(1 << 20, new HeadersCodec.Events() {
				@Override
				public void receipt(String peer) {
					server.reads.add("ok".getBytes(StandardCharsets.US_ASCII));
				}

				@Override
				public void skipped(String peer, long count) {
				}
			});
			for (byte[] frame = codec.decode(in); frame != null; frame = codec.decode(in)) {
				server.reads.add(frame);
				for (byte ackByte : FRAMED_ACK) {
					out.write(ackByte);
					out.flush();
					Thread.sleep(1);
				}
			}
		});
	}

	/** Seed 002's server: writes the time on connect, logs what it reads, never closes until the client does. */
	static SeedServer seed002Time(String time) {
		return start((socket, server) -> {
			socket.getOutputStream().write(time.getBytes(StandardCharsets.UTF_8));
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[1024];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				server.reads.add(Arrays.copyOf(buffer, read));
			}
			server.clientClosed.countDown();
		});
	}

	/** Seed 000's server: reads in the background, writes the time after a pause, then closes. */
	static SeedServer seed000Time(String time) {
		return start((socket, server) -> {
			Thread reader = new Thread(() -> {
				try {
					server.reads.add(socket.getInputStream().readAllBytes());
				}
				catch (IOException ex) {
					// Closed under the reader: the handler below is done.
				}
			});
			reader.setDaemon(true);
			reader.start();
			Thread.sleep(100);
			socket.getOutputStream().write(time.getBytes(StandardCharsets.UTF_8));
		});
	}

	/** Accepts and reads, and never answers. */
	static SeedServer silent() {
		return start((socket, server) -> {
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[1024];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				server.reads.add(Arrays.copyOf(buffer, read));
			}
		});
	}

	/** Reads a request, writes {@code partial} (part of a reply), and closes. */
	static SeedServer closesMidReply(byte[] partial) {
		return start((socket, server) -> {
			byte[] buffer = new byte[1024];
			int read = socket.getInputStream().read(buffer);
			if (read > 0) {
				server.reads.add(Arrays.copyOf(buffer, read));
				socket.getOutputStream().write(partial);
				socket.getOutputStream().flush();
			}
		});
	}

	/**
	 * A line server that goes away: acks the first line of the first connection, stops listening,
	 * and closes, so every reconnect is refused.
	 */
	static SeedServer acksOneLineThenGoesAway() {
		return start((socket, server) -> {
			socket.setSoTimeout(30_000);
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			for (int next = in.read(); next >= 0 && next != '\n'; next = in.read()) {
				line.write(next);
			}
			server.reads.add(line.toByteArray());
			server.stopListening();
			socket.getOutputStream().write(("已接收: " + line.toString(StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
		});
	}

	/** Reads a request and closes without a reply. */
	static SeedServer closesBeforeReply() {
		return closesMidReply(new byte[0]);
	}

	/** Closes every connection as soon as it is accepted. */
	static SeedServer closesOnAccept() {
		return start((socket, server) -> {
		});
	}

	/** The port of a server that is gone: connecting to it is refused. */
	static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
