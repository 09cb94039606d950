package org.ackgate.jmh;

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
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

import org.ackgate.line.LineAckResponder;

/**
 * What the Spring Integration part of an ack costs, without sockets: the inbound message as the
 * mapper builds it, then the exchange {@code TcpInboundGateway} runs for it (its
 * {@link MessagingTemplate#sendAndReceive} with a temporary reply channel, into
 * {@code line.requests}, {@code PublishAndAckHandler} publishing on a publish-subscribe
 * {@code ackgate.messages} with one subscriber, the ack as the reply), against building the same
 * ack by hand as a server without the framework would. One operation is one 64-byte message; run
 * with {@code -prof gc} for the bytes allocated per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReplyPathBenchmark {

	private final LineAckResponder responder = new LineAckResponder("已接收: ");

	private final byte[] line = CodecDecodeBenchmark.payload(64);

	/** The per-connection header map the mapper reuses for every message of a connection. */
	private final Map<String, Object> connectionHeaders = Map.of(IpHeaders.CONNECTION_ID, "127.0.0.1:40000:8080:0f3c",
			IpHeaders.IP_ADDRESS, "127.0.0.1", IpHeaders.REMOTE_PORT, 40000);

	private MessagingTemplate gateway;

	private DirectChannel requests;

	@Setup
	public void setUp() {
		LineAckFlow flow = new LineAckFlow(this.responder);
		this.requests = flow.requests;
		this.gateway = flow.gateway;
	}

	/** The baseline: the ack built from the line, as a hand-written server does it. */
	@Benchmark
	public byte[] ackByHand() {
		return this.responder.ack(this.line);
	}

	/** The inbound message alone: headers copied into {@code MessageHeaders} with an id and a timestamp. */
	@Benchmark
	public Message<byte[]> inboundMessage() {
		return new GenericMessage<>(this.line, this.connectionHeaders);
	}

	/** The inbound message and the gateway's whole exchange: what an ack costs inside Spring Integration. */
	@Benchmark
	public Object gatewayExchange() {
		Message<?> reply = this.gateway.sendAndReceive(this.requests, new GenericMessage<>(this.line, this.connectionHeaders));
		return reply.getPayload();
	}

}
