package org.ackgate.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.ackgate.framed.HeadersCodec;
import org.ackgate.support.RawClient;

/**
 * Clients that each send messages one at a time on their own connection, line or framed, and
 * remember exactly which ones were acked, byte for byte: a message counts as acked only once its
 * whole ack was read. A connection the service closes ends that client; the rest go on.
 */
final class AckingClients implements AutoCloseable {

	static final byte[] FRAMED_ACK = "我收到了".getBytes(StandardCharsets.UTF_8);

	private static final byte[] LINE_PREFIX = "已接收: ".getBytes(StandardCharsets.UTF_8);

	/** Acked payloads per connection, keyed by endpoint and the client's port as ackgate sees it ("line/127.0.0.1:5000"). */
	final Map<String, List<byte[]>> acked = new ConcurrentHashMap<>();

	final Map<String, String> endedBy = new ConcurrentHashMap<>();

	final AtomicLong ackCount = new AtomicLong();

	private final AtomicBoolean stopping = new AtomicBoolean();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final CountDownLatch done;

	private static final AtomicInteger STARTS = new AtomicInteger();

	/**
	 * In every payload, so that a topic's records tell these clients' messages from those of other
	 * clients that had the same port: the kernel reuses a closed connection's port for a new one.
	 */
	private final String tag = "r" + STARTS.incrementAndGet();

	private AckingClients(int clients) {
		this.done = new CountDownLatch(clients);
	}

	/** Starts {@code connections} clients per endpoint (a port of 0: none), each sending up to {@code messages}. */
	static AckingClients start(int linePort, int framedPort, int connections, int messages) {
		int clients = ((linePort > 0) ? connections : 0) + ((framedPort > 0) ? connections : 0);
		AckingClients load = new AckingClients(clients);
		for (int c = 0; c < connections; c++) {
			int connection = c;
			if (linePort > 0) {
				load.threads.execute(() -> load.run("line", linePort, connection, messages));
			}
			if (framedPort > 0) {
				load.threads.execute(() -> load.run("framed", framedPort, connection, messages));
			}
		}
		return load;
	}

	/** Line payloads: text with non-ASCII; framed ones: any bytes, line feeds and zeros included. */
	private byte[] payload(String endpoint, int connection, int message) {
		String text = endpoint + " " + this.tag + " c" + connection + " m" + message + " é✓";
		if (endpoint.equals("line")) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(body.length + 4).put(body).put(new byte[] { 0, '\n', (byte) 0xff, '\r' }).array();
	}

	private void run(String endpoint, int port, int connection, int messages) {
		try (RawClient client = RawClient.connect(port)) {
			String key = endpoint + "/127.0.0.1:" + client.socket().getLocalPort();
			List<byte[]> acks = new ArrayList<>();
			this.acked.put(key, acks);
			try {
				for (int m = 0; m < messages && !this.stopping.get(); m++) {
					byte[] payload = payload(endpoint, connection, m);
					byte[] expected;
					if (endpoint.equals("line")) {
						client.write(concat(payload, new byte[] { '\n' }));
						expected = concat(LINE_PREFIX, payload, new byte[] { '\n' });
					}
					else {
						client.write(HeadersCodec.encode(payload));
						expected = FRAMED_ACK;
					}
					byte[] ack = client.read(expected.length);
					if (!Arrays.equals(ack, expected)) {
						this.endedBy.put(key, "a wrong ack: " + new String(ack, StandardCharsets.UTF_8));
						return;
					}
					synchronized (acks) {
						acks.add(payload);
					}
					this.ackCount.incrementAndGet();
				}
				this.endedBy.put(key, "done");
			}
			catch (IOException ex) {
				this.endedBy.put(key, "closed: " + ex);
			}
		}
		catch (IOException ex) {
			this.endedBy.put(endpoint + "/c" + connection, "could not connect: " + ex);
		}
		finally {
			this.done.countDown();
		}
	}

	/** Whether these clients sent this payload (another start's clients tag theirs otherwise). */
	boolean sent(byte[] payload) {
		return startsWith(payload, "line " + this.tag + " ") || startsWith(payload, "framed " + this.tag + " ");
	}

	private static boolean startsWith(byte[] payload, String prefix) {
		byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
		return payload.length >= bytes.length && Arrays.equals(payload, 0, bytes.length, bytes, 0, bytes.length);
	}

	boolean awaitDone(Duration timeout) throws InterruptedException {
		return this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	List<byte[]> ackedOn(String connection) {
		List<byte[]> acks = this.acked.get(connection);
		synchronized (acks) {
			return List.copyOf(acks);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.stopping.set(true);
		this.threads.shutdownNow();
		this.threads.awaitTermination(30, TimeUnit.SECONDS);
	}

	static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		ByteBuffer all = ByteBuffer.allocate(length);
		for (byte[] part : parts) {
			all.put(part);
		}
		return all.array();
	}

}
