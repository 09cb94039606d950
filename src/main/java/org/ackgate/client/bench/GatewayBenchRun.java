package org.ackgate.client.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.NestedExceptionUtils;

import org.ackgate.client.transport.ClientFailure;
import org.ackgate.client.transport.TcpRequestReplyClient;
import org.ackgate.client.transport.UnexpectedReplyException;

/**
 * The gateway engine: one thread per connection, each request sent through the client's
 * {@link TcpRequestReplyClient} ({@code TcpOutboundGateway}), which allows one request in flight per
 * connection. It exists to measure what the gateway costs against the socket engine. A request the
 * server did not ack before ending the connection between acks goes again on a new one, inside
 * the client, and counts as sent once.
 */
final class GatewayBenchRun implements BenchEngine.Run {

	private final BenchSettings settings;

	private final BenchStats stats;

	private final List<TcpRequestReplyClient> clients = new ArrayList<>();

	private final List<BenchCodec> codecs = new ArrayList<>();

	private final AtomicLong lastReply = new AtomicLong();

	private CountDownLatch ended = new CountDownLatch(0);

	GatewayBenchRun(BenchSettings settings, BenchStats stats) {
		this.settings = settings;
		this.stats = stats;
	}

	/** Opens every connection through its gateway. */
	GatewayBenchRun open() {
		try {
			for (int i = 0; i < this.settings.connections(); i++) {
				BenchCodec codec = this.settings.codec(i);
				TcpRequestReplyClient client = new TcpRequestReplyClient(this.settings.target(), codec.replies(),
						this.settings.reconnects());
				this.clients.add(client);
				this.codecs.add(codec);
				client.connect();
			}
		}
		catch (ClientFailure ex) {
			close();
			throw ex;
		}
		return this;
	}

	@Override
	public void start(BenchLimits limits) {
		this.ended = new CountDownLatch(this.clients.size());
		for (int i = 0; i < this.clients.size(); i++) {
			TcpRequestReplyClient client = this.clients.get(i);
			BenchCodec codec = this.codecs.get(i);
			Thread thread = new Thread(() -> {
				try {
					drive(client, codec, limits);
				}
				finally {
					this.stats.reconnects.add(client.reconnects());
					this.stats.resent.add(client.resent());
					this.ended.countDown();
				}
			}, "ackgate-bench-gateway-" + i);
			thread.setDaemon(true);
			thread.start();
		}
	}

	private void drive(TcpRequestReplyClient client, BenchCodec codec, BenchLimits limits) {
		ByteBuffer request = ByteBuffer.allocate(codec.maxRequestLength());
		byte[] afterReply = codec.afterReply();
		for (long sequence = 0; limits.maySend(sequence, System.nanoTime()); sequence++) {
			request.clear();
			codec.writeRequest(request, sequence);
			byte[] wire = Arrays.copyOf(request.array(), request.position());
			this.stats.sent.increment();
			long started = System.nanoTime();
			try {
				byte[] reply = client.request(wire);
				long now = System.nanoTime();
				this.stats.latency(now - started);
				(codec.matches(sequence, reply) ? this.stats.acked : this.stats.mismatched).increment();
				this.lastReply.accumulateAndGet(now, (last, at) -> (last == 0 || at - last > 0) ? at : last);
				if (afterReply != null) {
					client.send(afterReply);
				}
			}
			catch (ClientFailure ex) {
				boolean wrongReply = ex.getCause() != null
						&& NestedExceptionUtils.getMostSpecificCause(ex) instanceof UnexpectedReplyException;
				(wrongReply ? this.stats.mismatched : this.stats.lost).increment();
				this.stats.error(ex.getMessage());
				return;
			}
		}
	}

	@Override
	public boolean awaitEnd(Duration wait) throws InterruptedException {
		return this.ended.await(wait.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public long lastReplyNanos() {
		return this.lastReply.get();
	}

	@Override
	public void close() {
		this.clients.forEach(TcpRequestReplyClient::close);
	}

}
