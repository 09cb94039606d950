package org.ackgate.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A line-ack server written the tutorial's way ("GO:Socket编程", docs/protocols.md): a thread per connection, {@code 已接收: }
 * + line + LF for every line, each line noted in arrival order. Binds with SO_REUSEADDR, so it
 * can be stopped and started again on the same port.
 */
final class LineUpstream implements AutoCloseable {

	private final ServerSocket server;

	private final List<String> received;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final Thread acceptor;

	private LineUpstream(ServerSocket server, List<String> received) {
		this.server = server;
		this.received = received;
		this.acceptor = new Thread(this::accept, "line-upstream-" + server.getLocalPort());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/** On {@code port} (0: any free one), noting lines into {@code received}. */
	static LineUpstream start(int port, List<String> received) throws IOException {
		ServerSocket server = new ServerSocket();
		server.setReuseAddress(true);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return new LineUpstream(server, received);
	}

	static LineUpstream start() throws IOException {
		return start(0, new CopyOnWriteArrayList<>());
	}

	int port() {
		return this.server.getLocalPort();
	}

	List<String> received() {
		return this.received;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				if (this.server.isClosed()) {
					// Accepted while the socket was being closed: an upstream that is gone serves nobody.
					socket.close();
					return;
				}
				this.connections.add(socket);
				Thread reader = new Thread(() -> serve(socket), "line-upstream-connection");
				reader.setDaemon(true);
				reader.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			int b;
			while ((b = in.read()) >= 0) {
				if (b != '\n') {
					line.write(b);
					continue;
				}
				String text = line.toString(StandardCharsets.UTF_8);
				line.reset();
				this.received.add(text);
				out.write(("已接收: " + text + "\n").getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
		}
		catch (IOException ex) {
			// Closed by the test or the client.
		}
		finally {
			this.connections.remove(socket);
		}
	}

	/**
	 * Stops listening and cuts every connection, including one the listening socket let in while it
	 * was being closed: the JDK closes a socket that a thread is blocked accepting on only once that
	 * thread has left accept, which may hand it a connection first. Waiting for the acceptor to end
	 * before cutting the connections means no connection outlives this call (as {@code SeedServer}
	 * in the client's tests closes).
	 */
	@Override
	public void close() throws IOException {
		this.server.close();
		try {
			this.acceptor.join(Duration.ofSeconds(10).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.acceptor.isAlive()) {
			throw new IOException(this.acceptor.getName() + " still accepting 10 s after its socket was closed");
		}
		for (Socket socket : this.connections) {
			socket.close();
		}
	}

}
