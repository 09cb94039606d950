package org.ackgate.client.transport;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;
import org.springframework.integration.ip.tcp.inbound.TcpReceivingChannelAdapter;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * A connection whose server talks when it likes — the time endpoint's banner on connect, an
 * HTTP server's response — read by an inbound channel adapter, {@code client.inbound}, that puts
 * each chunk as it arrives on {@code client.received}; the server's close follows the last chunk
 * on the same channel. Nothing is correlated, so the banner is read before anything is sent, and
 * writes go on this one connection only: once the server has closed it, there is nothing to send
 * to.
 */
public final class TcpStreamClient implements AutoCloseable {

	/** The largest chunk handed over at once; bigger bursts arrive as several chunks. */
	static final int MAX_CHUNK = 64 * 1024;

	private static final String END_OF_STREAM = "ackgate_endOfStream";

	private final ClientTarget target;

	private final ClientConnectionFactory connections;

	private final QueueChannel received;

	private final TcpReceivingChannelAdapter inbound;

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	private volatile boolean closed;

	public TcpStreamClient(ClientTarget target) {
		this.target = target;
		this.received = ClientIntegration.initialize(new QueueChannel(), "client.received");
		this.connections = new ClientConnectionFactory(target,
				ClientDeserializer.stream(input -> input.readAvailable(MAX_CHUNK)), event -> {
					if (event instanceof TcpConnectionExceptionEvent exception && isFailure(exception.getCause())) {
						this.failure.compareAndSet(null, exception.getCause());
					}
					else if (event instanceof TcpConnectionCloseEvent) {
						this.received.send(MessageBuilder.withPayload(new byte[0]).setHeader(END_OF_STREAM, true).build());
					}
				});
		this.connections.setBeanName("client.connections");
		this.inbound = new TcpReceivingChannelAdapter();
		this.inbound.setConnectionFactory(this.connections);
		this.inbound.setOutputChannel(this.received);
		ClientIntegration.initialize(this.inbound, "client.inbound");
		this.inbound.start();
	}

	/**
	 * Connects; whatever the server sends from now on is queued.
	 * @return how long the TCP connect took
	 */
	public Duration connect() {
		this.connections.connect(this::failure);
		return this.connections.lastConnectDuration();
	}

	/**
	 * Writes on the connection.
	 * @return {@code false} when the server has already closed it
	 */
	public boolean send(byte[] bytes) {
		return this.connections.sendOnCurrent(bytes, this::failure);
	}

	private ClientFailure failure(Throwable ex) {
		return new ClientFailure(FailureMessages.describe(ex, this.target), ex);
	}

	/**
	 * The next chunk the server sent, waiting at most {@code wait}.
	 * @return the bytes, or {@code null} when nothing came in time or the server closed (see
	 * {@link #isClosed()})
	 * @throws ClientFailure when the connection failed rather than closed (a reset)
	 */
	public byte @Nullable [] read(Duration wait) {
		if (this.closed) {
			return null;
		}
		Message<?> message = this.received.receive(Math.max(0, wait.toMillis()));
		if (message == null) {
			return null;
		}
		if (Boolean.TRUE.equals(message.getHeaders().get(END_OF_STREAM))) {
			this.closed = true;
			Throwable cause = this.failure.get();
			if (cause != null) {
				throw failure(cause);
			}
			return null;
		}
		return (byte[]) message.getPayload();
	}

	/** A clean end of stream is published as an exception event too; it is the normal end here. */
	private static boolean isFailure(Throwable cause) {
		Throwable unwrapped = (cause instanceof UncheckedIOException unchecked) ? unchecked.getCause() : cause;
		return !(unwrapped instanceof SoftEndOfStreamException);
	}

	/** Whether the server closed the connection (seen by {@link #read}). */
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public void close() {
		this.inbound.stop();
	}

}
