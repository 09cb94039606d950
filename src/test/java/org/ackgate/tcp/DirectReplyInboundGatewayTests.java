package org.ackgate.tcp;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.integration.support.management.micrometer.MicrometerMetricsCaptor;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The ack gateway's direct exchange: the flow sees the connection's reply slot, not a temporary
 * reply channel; the reply comes back; failures propagate; anything the direct exchange would
 * change falls back to Spring Integration's own.
 */
class DirectReplyInboundGatewayTests {

	private final GenericApplicationContext context = new GenericApplicationContext();

	private final DirectChannel requests = new DirectChannel();

	private final List<Object> replyChannelsSeen = new ArrayList<>();

	private boolean fail;

	/** Whether the connection can still take a reply, as its slot asks. */
	private volatile boolean connectionOpen = true;

	/** The flow closes the connection while it runs (the client resets meanwhile). */
	private boolean closeDuringFlow;

	@BeforeEach
	void flow() {
		this.context.refresh();
		this.requests.setBeanFactory(this.context);
		this.requests.afterPropertiesSet();
		AbstractReplyProducingMessageHandler ack = new AbstractReplyProducingMessageHandler() {
			@Override
			protected Object handleRequestMessage(Message<?> request) {
				DirectReplyInboundGatewayTests.this.replyChannelsSeen.add(request.getHeaders().getReplyChannel());
				if (DirectReplyInboundGatewayTests.this.fail) {
					throw new IllegalStateException("the subscriber failed");
				}
				if (DirectReplyInboundGatewayTests.this.closeDuringFlow) {
					DirectReplyInboundGatewayTests.this.connectionOpen = false;
				}
				return new GenericMessage<>(("ack " + new String((byte[]) request.getPayload(),
						StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
			}
		};
		ack.setBeanFactory(this.context);
		ack.afterPropertiesSet();
		this.requests.subscribe(ack);
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	private DirectReplyInboundGateway gateway() {
		DirectReplyInboundGateway gateway = DirectReplyInboundGateway.over(new TcpNetServerConnectionFactory(0))
			.requestChannel(this.requests)
			.getObject();
		gateway.setBeanFactory(this.context);
		gateway.afterPropertiesSet();
		return gateway;
	}

	private static Message<byte[]> request(String payload, Map<String, Object> headers) {
		return new GenericMessage<>(payload.getBytes(StandardCharsets.UTF_8), headers);
	}

	private Map<String, Object> connectionHeaders() {
		return ServedConnection.headersFor("c-1", new Peer(new InetSocketAddress("127.0.0.1", 40000), null),
				() -> this.connectionOpen);
	}

	@Test
	void theFlowRepliesIntoTheConnectionsSlotAndTheGatewayReturnsThatReply() {
		Map<String, Object> headers = connectionHeaders();
		Message<?> reply = gateway().sendAndReceiveMessage(request("one", headers));

		assertThat(reply).isNotNull();
		assertThat(new String((byte[]) reply.getPayload(), StandardCharsets.UTF_8)).isEqualTo("ack one");
		assertThat(this.replyChannelsSeen).containsExactly(headers.get(MessageHeaders.REPLY_CHANNEL));
		assertThat(this.replyChannelsSeen.get(0)).isInstanceOf(ReplySlot.class);
	}

	@Test
	void theSlotIsReusedMessageAfterMessageAndLeftEmpty() {
		Map<String, Object> headers = connectionHeaders();
		DirectReplyInboundGateway gateway = gateway();
		for (String payload : List.of("one", "two", "three")) {
			Message<?> reply = gateway.sendAndReceiveMessage(request(payload, headers));
			assertThat(new String((byte[]) reply.getPayload(), StandardCharsets.UTF_8)).isEqualTo("ack " + payload);
		}
		assertThat(((ReplySlot) headers.get(MessageHeaders.REPLY_CHANNEL)).take()).isNull();
	}

	/* Spring Integration's gateway logs an error with both messages for a reply whose connection is gone. */
	@Test
	void theReplyForAConnectionClosedWhileItsFlowRanIsNotHandedToTheGateway() {
		Map<String, Object> headers = connectionHeaders();
		DirectReplyInboundGateway gateway = gateway();
		this.closeDuringFlow = true;

		assertThat(gateway.sendAndReceiveMessage(request("one", headers))).isNull();
		assertThat(((ReplySlot) headers.get(MessageHeaders.REPLY_CHANNEL)).take()).as("nothing left behind").isNull();
		assertThat(this.replyChannelsSeen).hasSize(1);
	}

	@Test
	void aFailingSubscriberFailsTheExchangeAndNoReplyIsLeftBehind() {
		this.fail = true;
		Map<String, Object> headers = connectionHeaders();
		DirectReplyInboundGateway gateway = gateway();

		assertThatExceptionOfType(MessageHandlingException.class)
			.isThrownBy(() -> gateway.sendAndReceiveMessage(request("lost", headers)))
			.withRootCauseInstanceOf(IllegalStateException.class);
		this.fail = false;
		Message<?> next = gateway.sendAndReceiveMessage(request("next", headers));
		assertThat(new String((byte[]) next.getPayload(), StandardCharsets.UTF_8)).isEqualTo("ack next");
	}

	@Test
	void aRequestWithoutASlotGoesThroughSpringIntegrationsOwnExchange() {
		Message<?> reply = gateway().sendAndReceiveMessage(request("plain", Map.of(IpHeaders.CONNECTION_ID, "c-2")));

		assertThat(new String((byte[]) reply.getPayload(), StandardCharsets.UTF_8)).isEqualTo("ack plain");
		assertThat(this.replyChannelsSeen).hasSize(1);
		assertThat(this.replyChannelsSeen.get(0)).isNotNull().isNotInstanceOf(ReplySlot.class);
	}

	@Test
	void anErrorChannelMakesTheGatewayUseItsOwnExchange() {
		DirectReplyInboundGateway gateway = gateway();
		gateway.setErrorChannel(new QueueChannel());
		Message<?> reply = gateway.sendAndReceiveMessage(request("one", connectionHeaders()));

		assertThat(new String((byte[]) reply.getPayload(), StandardCharsets.UTF_8)).isEqualTo("ack one");
		assertThat(this.replyChannelsSeen.get(0)).isNotInstanceOf(ReplySlot.class);
	}

	@Test
	void withSpringIntegrationsMetersOnTheDirectExchangeIsTimedAsTheGatewaysOwn() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		DirectReplyInboundGateway gateway = gateway();
		gateway.setBeanName("line.inbound");
		gateway.registerMetricsCaptor(new MicrometerMetricsCaptor(registry));
		gateway.sendAndReceiveMessage(request("one", connectionHeaders()));
		this.fail = true;
		assertThatExceptionOfType(MessageHandlingException.class)
			.isThrownBy(() -> gateway.sendAndReceiveMessage(request("two", connectionHeaders())));

		assertThat(this.replyChannelsSeen).allMatch(ReplySlot.class::isInstance);
		assertThat(registry.get("spring.integration.send").tags("type", "source", "name", "line.inbound",
				"result", "success").timer().count()).isEqualTo(1);
		assertThat(registry.get("spring.integration.send").tags("type", "source", "name", "line.inbound",
				"result", "failure", "exception", "MessageHandlingException").timer().count()).isEqualTo(1);
	}

}
