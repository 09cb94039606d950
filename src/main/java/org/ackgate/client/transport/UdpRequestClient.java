package org.ackgate.client.transport;

import java.net.InetSocketAddress;

import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.expression.FunctionExpression;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;
import org.springframework.integration.ip.udp.outbound.UnicastSendingMessageHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * One datagram out, one back, as the tutorial's UDP time client does it: {@code client.udpOutbound} sends
 * from the socket that {@code client.udpInbound} (any free local port) receives on, so the reply
 * comes back to it; replies land on {@code client.udpReplies}. Only a datagram from the target's
 * address and port counts as the reply, as on the tutorial client's connected socket.
 */
public final class UdpRequestClient implements AutoCloseable {

	/** Larger than any UDP payload, so no reply is cut short. */
	static final int RECEIVE_BUFFER_SIZE = 65536;

	private final ClientTarget target;

	private final InetSocketAddress destination;

	private final QueueChannel replies;

	private final UnicastReceivingChannelAdapter inbound;

	private final UnicastSendingMessageHandler outbound;

	public UdpRequestClient(ClientTarget target) {
		this.target = target;
		this.destination = new InetSocketAddress(target.host(), target.port());
		if (this.destination.isUnresolved()) {
			throw new ClientFailure("unknown host: " + target.host());
		}
		this.replies = ClientIntegration.initialize(new QueueChannel(), "client.udpReplies");
		this.inbound = new UnicastReceivingChannelAdapter(0);
		this.inbound.setReceiveBufferSize(RECEIVE_BUFFER_SIZE);
		this.inbound.setLookupHost(false);
		this.inbound.setOutputChannel(this.replies);
		this.inbound.setApplicationEventPublisher(event -> {
		});
		ClientIntegration.initialize(this.inbound, "client.udpInbound");
		this.outbound = new UnicastSendingMessageHandler(this.destination.getHostString(), target.port());
		this.outbound.setSocketExpression(new FunctionExpression<Message<?>>(message -> this.inbound.getSocket()));
		ClientIntegration.initialize(this.outbound, "client.udpOutbound");
		try {
			this.inbound.getSocket();
		}
		catch (RuntimeException ex) {
			throw new ClientFailure(FailureMessages.describe(ex, target), ex);
		}
		this.inbound.start();
	}

	/**
	 * Sends the datagram, waits up to the target's timeout for the reply, and sends it again up to
	 * {@code retries} more times when none came.
	 * @return the reply's bytes
	 * @throws ClientFailure when no reply came at all
	 */
	public byte[] request(byte[] payload, int retries) {
		for (int attempt = 0; attempt <= retries; attempt++) {
			try {
				this.outbound.handleMessage(new GenericMessage<>(payload));
			}
			catch (RuntimeException ex) {
				throw new ClientFailure(FailureMessages.describe(ex, this.target), ex);
			}
			byte[] reply = awaitReply(System.nanoTime() + this.target.timeout().toNanos());
			if (reply != null) {
				return reply;
			}
		}
		int attempts = retries + 1;
		throw new ClientFailure("no reply from " + this.target.address() + " after " + attempts
				+ (attempts == 1 ? " attempt" : " attempts") + " of " + this.target.timeoutText());
	}

	private byte[] awaitReply(long deadline) {
		while (true) {
			long remainingMillis = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
			Message<?> message = this.replies.receive(remainingMillis);
			if (message == null) {
				return null;
			}
			if (this.destination.equals(message.getHeaders().get(IpHeaders.PACKET_ADDRESS))) {
				return (byte[]) message.getPayload();
			}
		}
	}

	@Override
	public void close() {
		this.inbound.stop();
	}

}
