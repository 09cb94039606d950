package org.ackgate.tcp;

import java.io.IOException;

import org.springframework.integration.dsl.MessageProducerSpec;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Starts a flow with one message per connection its endpoint opens (after the TLS handshake,
 * before anything is read), addressed to that connection by its {@link IpHeaders#CONNECTION_ID}:
 * the source of the flows that write on connect. With {@link Spec#halfCloseAfterReply} the
 * connection's output is shut once the flow has run, so the client reads the reply and a clean
 * end of stream.
 * <p>
 * Runs on the connection's own thread; with direct channels the flow has written its reply
 * when {@code sendMessage} returns.
 */
public final class ConnectionOpenedProducer extends MessageProducerSupport {

	private final EndpointServerConnectionFactory factory;

	private volatile boolean halfCloseAfterReply;

	private ConnectionOpenedProducer(EndpointServerConnectionFactory factory) {
		this.factory = factory;
	}

	/** The DSL spec of a producer for this endpoint's connections, as {@code Tcp.inboundAdapter(...)} is for its messages. */
	public static Spec on(EndpointServerConnectionFactory factory) {
		return new Spec(new ConnectionOpenedProducer(factory));
	}

	/* Registered at initialisation, not start: a connection accepted first still gets its reply. */
	@Override
	protected void onInit() {
		super.onInit();
		this.factory.whenOpened(this::opened);
	}

	private void opened(TcpConnection connection) {
		sendMessage(MessageBuilder.withPayload(connection.getConnectionId())
			.setHeader(IpHeaders.CONNECTION_ID, connection.getConnectionId())
			.build());
		if (this.halfCloseAfterReply) {
			try {
				connection.shutdownOutput();
			}
			catch (IOException ex) {
				logger.debug(ex, () -> this.factory.settings().endpoint() + ": shutting the output of "
						+ connection.getConnectionId() + " down failed");
			}
		}
	}

	/** Sets the producer up in a flow definition. */
	public static final class Spec extends MessageProducerSpec<Spec, ConnectionOpenedProducer> {

		private Spec(ConnectionOpenedProducer producer) {
			super(producer);
		}

		/** Shut the connection's output once the flow has run: the client reads the reply and a clean end of stream. */
		public Spec halfCloseAfterReply(boolean halfClose) {
			this.target.halfCloseAfterReply = halfClose;
			return this;
		}

	}

}
