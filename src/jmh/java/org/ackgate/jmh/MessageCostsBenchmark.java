package org.ackgate.jmh;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.util.AlternativeJdkIdGenerator;
import org.springframework.util.IdGenerator;
import org.springframework.util.ReflectionUtils;

import org.ackgate.line.LineAckResponder;
import org.ackgate.system.MonotonicIdGenerator;

/**
 * What each message costs inside Spring Integration, one cost at a time (issue 18): the
 * {@code MessageHeaders} built for an inbound message and the copy the gateway's template makes
 * of it; the id each of them draws, by generator (the JDK's random UUID, Spring's default
 * {@code AlternativeJdkIdGenerator}, ackgate's {@link MonotonicIdGenerator}); and the temporary
 * reply channel, as the gateway's whole exchange against the same flow sent one way with a
 * reusable reply channel in the header. The {@code ids} parameter installs the generator for
 * every message, as Spring Integration's {@code IdGeneratorConfigurer} does in the service. Run
 * with {@code -prof gc} for bytes per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MessageCostsBenchmark {

	@Param({ "default", "monotonic" })
	public String ids;

	private final LineAckResponder responder = new LineAckResponder("已接收: ");

	private final byte[] line = CodecDecodeBenchmark.payload(64);

	private final Map<String, Object> connectionHeaders = Map.of(IpHeaders.CONNECTION_ID, "127.0.0.1:40000:8080:0f3c",
			IpHeaders.IP_ADDRESS, "127.0.0.1", IpHeaders.REMOTE_PORT, 40000);

	private final IdGenerator springDefault = new AlternativeJdkIdGenerator();

	private final IdGenerator monotonic = new MonotonicIdGenerator();

	private MessagingTemplate gateway;

	private DirectChannel requests;

	/** A reply channel made once: what the one-way send uses instead of a temporary one. */
	private final LastReply reusableReplies = new LastReply();

	private Message<byte[]> inbound;

	@Setup(Level.Trial)
	public void setUp() {
		setIdGenerator("monotonic".equals(this.ids) ? this.monotonic : null);
		LineAckFlow flow = new LineAckFlow(this.responder);
		this.requests = flow.requests;
		this.gateway = flow.gateway;
		this.inbound = new GenericMessage<>(this.line, this.connectionHeaders);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		setIdGenerator(null);
	}

	/** What {@code IdGeneratorConfigurer} does with an {@code IdGenerator} bean; {@code null} restores the default. */
	private static void setIdGenerator(IdGenerator generator) {
		java.lang.reflect.Field field = ReflectionUtils.findField(MessageHeaders.class, "idGenerator");
		ReflectionUtils.makeAccessible(field);
		ReflectionUtils.setField(field, null, generator);
	}

	@Benchmark
	public UUID idJdkRandomUuid() {
		return UUID.randomUUID();
	}

	@Benchmark
	public UUID idSpringDefault() {
		return this.springDefault.generateId();
	}

	@Benchmark
	public UUID idMonotonic() {
		return this.monotonic.generateId();
	}

	/** The inbound message: three connection headers copied into {@code MessageHeaders} with an id and a timestamp. */
	@Benchmark
	public Message<byte[]> headersBuilt() {
		return new GenericMessage<>(this.line, this.connectionHeaders);
	}

	/** The template's copy of the request, with its reply and error channels: another map, id and timestamp. */
	@Benchmark
	public Message<byte[]> headersCopied() {
		return MessageBuilder.fromMessage(this.inbound)
			.setReplyChannel(this.reusableReplies)
			.setErrorChannel(this.reusableReplies)
			.build();
	}

	/** The gateway's exchange: the copy, a temporary reply channel and its latch, the flow, the reply. */
	@Benchmark
	public Object exchangeWithTemporaryReplyChannel() {
		return this.gateway.sendAndReceive(this.requests, new GenericMessage<>(this.line, this.connectionHeaders))
			.getPayload();
	}

	/** The same flow and reply, the reply channel made once and named in the headers instead. */
	@Benchmark
	public Object exchangeWithReusableReplyChannel() {
		this.requests.send(MessageBuilder.withPayload(this.line)
			.copyHeaders(this.connectionHeaders)
			.setReplyChannel(this.reusableReplies)
			.build());
		return this.reusableReplies.last.getPayload();
	}

	/** Keeps the last reply sent to it; single-threaded, as the benchmark's state is. */
	static final class LastReply implements MessageChannel {

		Message<?> last;

		@Override
		public boolean send(Message<?> message, long timeout) {
			this.last = message;
			return true;
		}

	}

}
