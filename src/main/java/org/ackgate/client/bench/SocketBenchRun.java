package org.ackgate.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.ackgate.client.transport.ClientFailure;
import org.ackgate.client.transport.ClientTarget;
import org.ackgate.client.transport.FailureMessages;

/**
 * The socket engine: every connection opened (a blocking connect bounded by the timeout, so a
 * refused target fails the run before any load), then handed, non-blocking, to one of a few event
 * loops.
 */
final class SocketBenchRun implements BenchEngine.Run {

	private final BenchSettings settings;

	private final BenchStats stats;

	private final List<BenchLoop> loops = new ArrayList<>();

	private final List<BenchConnection> connections = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private CountDownLatch ended = new CountDownLatch(0);

	SocketBenchRun(BenchSettings settings, BenchStats stats) {
		this.settings = settings;
		this.stats = stats;
	}

	/** Opens every connection. */
	SocketBenchRun open() {
		ClientTarget target = this.settings.target();
		InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
		if (address.isUnresolved()) {
			throw new ClientFailure("unknown host: " + target.host());
		}
		try {
			for (int i = 0; i < this.settings.connections(); i++) {
				this.connections.add(openConnection(i, address, target));
			}
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw new ClientFailure(FailureMessages.describe(ex, target), ex);
		}
		return this;
	}

	private BenchConnection openConnection(int index, InetSocketAddress address, ClientTarget target)
			throws IOException {
		BenchLimits pending = new BenchLimits(this.settings.pipeline(), 0, false, 0, 0);
		if (this.settings.protocol() == BenchProtocol.UDP) {
			DatagramChannel channel = DatagramChannel.open();
			try {
				channel.connect(address);
				channel.configureBlocking(false);
			}
			catch (IOException ex) {
				channel.close();
				throw ex;
			}
			return new UdpBenchConnection(target, channel, index, this.settings.size(), this.stats, pending);
		}
		SocketChannel channel = SocketChannel.open();
		try {
			channel.socket().connect(address, target.timeoutMillis());
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.configureBlocking(false);
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
		return new TcpBenchConnection(target, address, channel, this.settings.codec(index), this.settings.reconnects(),
				this.stats, pending);
	}

	@Override
	public void start(BenchLimits limits) {
		int loopCount = Math.max(1, Math.min(this.settings.threads(), this.connections.size()));
		for (int i = 0; i < loopCount; i++) {
			this.loops.add(new BenchLoop());
		}
		for (int i = 0; i < this.connections.size(); i++) {
			BenchConnection connection = this.connections.get(i);
			connection.limits(limits);
			this.loops.get(i % loopCount).add(connection);
		}
		this.ended = new CountDownLatch(loopCount);
		for (int i = 0; i < loopCount; i++) {
			BenchLoop loop = this.loops.get(i);
			Thread thread = new Thread(() -> {
				try {
					loop.run();
				}
				finally {
					this.ended.countDown();
				}
			}, "ackgate-bench-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
		}
		this.threads.forEach(Thread::start);
	}

	@Override
	public boolean awaitEnd(Duration wait) throws InterruptedException {
		return this.ended.await(wait.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public long lastReplyNanos() {
		long last = 0;
		for (BenchConnection connection : this.connections) {
			long at = connection.lastReplyNanos();
			if (at != 0 && (last == 0 || at - last > 0)) {
				last = at;
			}
		}
		return last;
	}

	@Override
	public void close() {
		this.connections.forEach(BenchConnection::close);
	}

}
