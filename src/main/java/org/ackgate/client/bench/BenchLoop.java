package org.ackgate.client.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One event-loop thread of the bench: a selector over its share of the connections, readiness
 * dispatched to them, and a tick every few milliseconds for reply timeouts and the end of a timed
 * run. It ends when all its connections have.
 */
final class BenchLoop implements Runnable {

	static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	private final List<BenchConnection> connections = new ArrayList<>();

	private final Selector selector;

	private int open;

	BenchLoop() {
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot open a selector", ex);
		}
	}

	void add(BenchConnection connection) {
		this.connections.add(connection);
		this.open++;
		connection.onClose(() -> this.open--);
	}

	@Override
	public void run() {
		try (Selector selector = this.selector) {
			long now = System.nanoTime();
			for (BenchConnection connection : this.connections) {
				connection.register(selector);
				guarded(connection, () -> connection.start(System.nanoTime()));
			}
			long nextTick = now + TICK_NANOS;
			while (this.open > 0) {
				selector.select(TimeUnit.NANOSECONDS.toMillis(TICK_NANOS));
				Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
				while (ready.hasNext()) {
					SelectionKey key = ready.next();
					ready.remove();
					BenchConnection connection = (BenchConnection) key.attachment();
					dispatch(key, connection, System.nanoTime());
				}
				now = System.nanoTime();
				if (now - nextTick >= 0) {
					for (BenchConnection connection : this.connections) {
						if (!connection.isClosed()) {
							connection.tick(now);
						}
					}
					nextTick = now + TICK_NANOS;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("bench event loop failed", ex);
		}
		finally {
			this.connections.forEach(BenchConnection::close);
		}
	}

	private static void dispatch(SelectionKey key, BenchConnection connection, long now) {
		if (key.isValid() && key.isConnectable()) {
			guarded(connection, () -> connection.onConnectable(now));
		}
		if (key.isValid() && key.isReadable()) {
			guarded(connection, () -> connection.onReadable(now));
		}
		if (key.isValid() && key.isWritable()) {
			guarded(connection, () -> connection.onWritable(now));
		}
	}

	/** A connection's I/O failure ends that connection only, counted and reported by it. */
	private static void guarded(BenchConnection connection, IoAction action) {
		if (connection.isClosed()) {
			return;
		}
		try {
			action.run();
		}
		catch (IOException | RuntimeException ex) {
			connection.failed(ex);
		}
	}

	@FunctionalInterface
	private interface IoAction {

		void run() throws IOException;

	}

}
