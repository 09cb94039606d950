package org.ackgate.tcp;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

import org.ackgate.line.LineAckResponder;
import org.ackgate.messages.AcceptedMessagePublisher;
import org.ackgate.messages.PublishAndAckHandler;

/**
 * The line endpoint's gateway exchange, through the real {@link DirectReplyInboundGateway}, both
 * ways: a message as a connection maps it (its reply slot in the headers, so the direct exchange)
 * against the same message without the slot (so Spring Integration's own exchange: temporary
 * reply channel, request and reply copied). Same flow as the service's: {@code line.requests}
 * (direct) → {@link PublishAndAckHandler} publishing on {@code ackgate.messages} with one
 * subscriber → the ack. One operation is one 64-byte message; {@code -prof gc} gives the bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GatewayExchangeBenchmark {

	private final byte[] line = new byte[64];

	private final GenericApplicationContext context = new GenericApplicationContext();

	private final Map<String, Object> withSlot = ServedConnection.headersFor("127.0.0.1:40000:8080:0f3c",
			new Peer(new InetSocketAddress("127.0.0.1", 40000), null), () -> true);

	private final Map<String, Object> withoutSlot = Map.of(IpHeaders.CONNECTION_ID, "127.0.0.1:40000:8080:0f3c",
			IpHeaders.IP_ADDRESS, "127.0.0.1", IpHeaders.REMOTE_PORT, 40000);

	private DirectReplyInboundGateway gateway;

	@Setup
	public void setUp() {
		java.util.Arrays.fill(this.line, (byte) 'x');
		this.context.refresh();
		PublishSubscribeChannel messages = new PublishSubscribeChannel();
		messages.setBeanName("ackgate.messages");
		messages.setBeanFactory(this.context);
		messages.afterPropertiesSet();
		messages.subscribe(message -> {
		});
		LineAckResponder responder = new LineAckResponder("已接收: ");
		PublishAndAckHandler handler = new PublishAndAckHandler("line",
				new AcceptedMessagePublisher(messages, Clock.systemUTC()), accepted -> responder.ack(accepted.payload()));
		handler.setBeanFactory(this.context);
		handler.afterPropertiesSet();
		DirectChannel requests = new DirectChannel();
		requests.setBeanName("line.requests");
		requests.setBeanFactory(this.context);
		requests.afterPropertiesSet();
		requests.subscribe(handler);
		this.gateway = DirectReplyInboundGateway.over(new TcpNetServerConnectionFactory(0))
			.requestChannel(requests)
			.getObject();
		this.gateway.setBeanFactory(this.context);
		this.gateway.afterPropertiesSet();
	}

	@TearDown
	public void tearDown() {
		this.context.close();
	}

	/** What every ack pays now: the inbound message, then the direct exchange. */
	@Benchmark
	public Object directExchange() {
		Message<?> reply = this.gateway.sendAndReceiveMessage(new GenericMessage<>(this.line, this.withSlot));
		return reply.getPayload();
	}

	/** What every ack paid before: the inbound message, then Spring Integration's exchange. */
	@Benchmark
	public Object springIntegrationExchange() {
		Message<?> reply = this.gateway.sendAndReceiveMessage(new GenericMessage<>(this.line, this.withoutSlot));
		return reply.getPayload();
	}

}
