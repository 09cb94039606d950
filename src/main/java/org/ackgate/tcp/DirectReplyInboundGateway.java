package org.ackgate.tcp;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.MessagingGatewaySpec;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.inbound.TcpInboundGateway;
import org.springframework.integration.support.management.metrics.MetricsCaptor;
import org.springframework.integration.support.management.metrics.SampleFacade;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

/**
 * The ack endpoints' {@code TcpInboundGateway}, with the exchange of a synchronous flow made
 * directly: the request goes to the request channel as the connection mapped it, and the reply
 * is taken from the connection's {@link ReplySlot} when the send returns. Spring Integration's
 * own exchange copies every request to add a temporary reply channel (a latch and a second
 * header map per message) and copies the reply again; for a flow that runs on the caller's
 * thread that is all overhead (about 300 ns and 900 bytes per ack, docs/performance.md).
 * <p>
 * A failure in the flow propagates as from the gateway's own exchange without an error channel,
 * and the exchange is timed the same way when Spring Integration's meters are on. The gateway's own
 * exchange still runs whenever the direct one could differ from it: a request channel that is not a
 * {@link DirectChannel}, an error channel, an observation registry, a request without a reply slot.
 */
public final class DirectReplyInboundGateway extends TcpInboundGateway {

	private boolean observed;

	private @Nullable MetricsCaptor metrics;

	private DirectReplyInboundGateway() {
	}

	/** The DSL spec of the gateway over an endpoint's connection factory, as {@code Tcp.inboundGateway(...)}. */
	public static Spec over(AbstractServerConnectionFactory connectionFactory) {
		DirectReplyInboundGateway gateway = new DirectReplyInboundGateway();
		gateway.setConnectionFactory(connectionFactory);
		return new Spec(gateway);
	}

	@Override
	public void registerMetricsCaptor(MetricsCaptor metricsCaptor) {
		super.registerMetricsCaptor(metricsCaptor);
		this.metrics = metricsCaptor;
	}

	@Override
	public void registerObservationRegistry(ObservationRegistry observationRegistry) {
		super.registerObservationRegistry(observationRegistry);
		this.observed = !ObservationRegistry.NOOP.equals(observationRegistry);
	}

	@Override
	protected @Nullable Message<?> sendAndReceiveMessage(Object object) {
		MessageChannel requests = getRequestChannel();
		if (this.observed || getErrorChannel() != null || !(requests instanceof DirectChannel direct)
				|| !(object instanceof Message<?> request)
				|| !(request.getHeaders().getReplyChannel() instanceof ReplySlot slot)) {
			return super.sendAndReceiveMessage(object);
		}
		slot.take();
		MetricsCaptor captor = this.metrics;
		if (captor == null) {
			direct.send(request);
			return replyFrom(slot);
		}
		// Timed as the gateway's own exchange times itself (spring.integration.send, type=source).
		SampleFacade sample = captor.start();
		try {
			direct.send(request);
			sample.stop(sendTimer());
		}
		catch (RuntimeException ex) {
			sample.stop(buildSendTimer(false, ex.getClass().getSimpleName()));
			throw ex;
		}
		return replyFrom(slot);
	}

	/*
	 * A client that went away while its message's flow ran (a reset, or a close on a timeout or at
	 * shutdown) has its close reported with the reason already. Its reply is not handed to the
	 * gateway, which would log an error with both messages for each such client.
	 */
	private static @Nullable Message<?> replyFrom(ReplySlot slot) {
		Message<?> reply = slot.take();
		return (reply != null && slot.connectionOpen()) ? reply : null;
	}

	/** Names the gateway and its request channel in a flow. */
	public static final class Spec extends MessagingGatewaySpec<Spec, DirectReplyInboundGateway> {

		Spec(DirectReplyInboundGateway gateway) {
			super(gateway);
		}

	}

}
