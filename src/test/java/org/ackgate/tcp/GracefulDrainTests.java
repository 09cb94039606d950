package org.ackgate.tcp;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drain's order against connections: each one closes between messages, so a message whose flow
 * began as the drain began still gets its ack; one still handling a message when the grace period
 * ends is closed all the same.
 */
class GracefulDrainTests {

	private final OpenConnections open = new OpenConnections(TcpServerSettings.forEndpoint("line")
		.backlog(1)
		.maxConnections(10)
		.maxMessageSize(DataSize.ofKilobytes(1))
		.readTimeout(Duration.ofSeconds(30))
		.writeTimeout(Duration.ofSeconds(10))
		.messageTimeout(Duration.ofSeconds(30))
		.build(), new ConnectionEvents("line"));

	private GracefulDrain drain(Duration grace) {
		EndpointServerConnectionFactory factory = (EndpointServerConnectionFactory) Proxy.newProxyInstance(
				getClass().getClassLoader(), new Class<?>[] { EndpointServerConnectionFactory.class },
				(proxy, method, arguments) -> switch (method.getName()) {
					case "connections" -> this.open;
					case "startDraining" -> {
						this.open.startDraining();
						yield null;
					}
					case "stopAccepting" -> null;
					default -> throw new UnsupportedOperationException(method.getName());
				});
		GracefulDrain drain = new GracefulDrain(event -> {
		}, List.of(factory), new ShutdownProperties(grace, Duration.ZERO));
		drain.start();
		return drain;
	}

	@Test
	void aConnectionWhoseMessageIsBeingHandledIsClosedOnlyOnceItsAckIsWritten() {
		ScriptedConnection idle = new ScriptedConnection("idle", 0, this.open);
		ScriptedConnection busy = new ScriptedConnection("busy", 3, this.open);
		this.open.add(idle);
		this.open.add(busy);

		drain(Duration.ofSeconds(10)).stop();

		assertThat(idle.closes).containsExactly("between messages: shutdown");
		assertThat(busy.closes).as("asked while handling, closed once between messages")
			.containsExactly("handling", "handling", "handling", "between messages: shutdown");
		assertThat(busy.forced).as("never closed under a message").isZero();
	}

	@Test
	void aConnectionStillHandlingWhenTheGracePeriodEndsIsClosedAllTheSame() {
		ScriptedConnection stuck = new ScriptedConnection("stuck", Integer.MAX_VALUE, this.open);
		this.open.add(stuck);

		drain(Duration.ofMillis(50)).stop();

		assertThat(stuck.closes).isNotEmpty().allMatch("handling"::equals);
		assertThat(stuck.forced).isEqualTo(1);
	}

	/** A connection handling a message for its first {@code handlingFor} asks, then between messages. */
	private static final class ScriptedConnection implements ServedConnection {

		private final String id;

		private final AtomicInteger handlingFor;

		final List<String> closes = new CopyOnWriteArrayList<>();

		volatile int forced;

		/** Where the connection leaves once closed, as a real one does once its socket is. */
		private final OpenConnections registry;

		ScriptedConnection(String id, int handlingFor, OpenConnections registry) {
			this.id = id;
			this.handlingFor = new AtomicInteger(handlingFor);
			this.registry = registry;
		}

		@Override
		public String getConnectionId() {
			return this.id;
		}

		@Override
		public Peer peer() {
			return new Peer(new InetSocketAddress("127.0.0.1", 40000), null);
		}

		/** Not asked: the drain goes through {@link #closeBetweenMessages}, scripted here. */
		@Override
		public MessageGate gate() {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean expireHandshake(long nowNanos) {
			return false;
		}

		@Override
		public boolean isWriteStalled(long nowNanos, long timeoutNanos) {
			return false;
		}

		@Override
		public boolean isMessageStalled(long nowNanos, long timeoutNanos) {
			return false;
		}

		@Override
		public boolean isIdle(long nowNanos, long timeoutNanos) {
			return false;
		}

		@Override
		public void closeWith(CloseReason reason, String detail) {
			if (!this.closes.isEmpty() && this.closes.get(this.closes.size() - 1).startsWith("between messages")) {
				return;
			}
			this.forced++;
			this.registry.remove(this);
		}

		@Override
		public boolean closeBetweenMessages(CloseReason reason, String detail) {
			if (this.handlingFor.getAndDecrement() > 0) {
				this.closes.add("handling");
				return false;
			}
			if (this.closes.isEmpty() || !this.closes.get(this.closes.size() - 1).startsWith("between messages")) {
				this.closes.add("between messages: " + reason.name().toLowerCase(java.util.Locale.ROOT));
				this.registry.remove(this);
			}
			return true;
		}

		@Override
		public Map<String, Object> messageHeaders() {
			return Map.of();
		}

	}

}
