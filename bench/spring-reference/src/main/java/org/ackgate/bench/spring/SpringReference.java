package org.ackgate.bench.spring;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.dsl.Udp;
import org.springframework.integration.ip.tcp.serializer.TcpCodecs;

/**
 * The floor of a start on ackgate's stack, beside the Go and Netty references in bench/run.sh's
 * startup scenario (issue 18): the smallest Spring Boot 4.1 service that does what they do, written
 * the Spring way. One {@code TcpInboundGateway} reads LF-terminated lines and answers each with
 * "已接收: " + the line + LF, as bench/reference/main.go does; one UDP inbound adapter answers each
 * datagram, from its own socket, with the time as RFC 3339 text; Actuator's readiness probe answers
 * on the embedded web server. Nothing else: no metrics of its own, no limits, no tuning. Whatever
 * ackgate's start costs above this one's is ackgate's; this one's is the stack's.
 *
 * <pre>java -jar target/spring-reference.jar --reference.line-port=8080 --reference.udp-port=8123 \
 *     --server.port=8081 [--reference.address=127.0.0.1] [--server.address=127.0.0.1]</pre>
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableConfigurationProperties(SpringReferenceProperties.class)
public class SpringReference {

	private static final byte[] PREFIX = "已接收: ".getBytes(StandardCharsets.UTF_8);

	/** Longer than any line the benchmark sends (16 KiB), as in the Netty reference. */
	private static final int MAX_LINE = 1024 * 1024;

	/**
	 * The seed's read timeout: a connection silent this long is closed. Its 10 s write timeout has no
	 * counterpart on Spring Integration's blocking connections, and a start does not need one.
	 */
	private static final int READ_TIMEOUT_MS = 30_000;

	public static void main(String[] args) {
		SpringApplication.run(SpringReference.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemDefaultZone();
	}

	@Bean
	IntegrationFlow lineAckFlow(SpringReferenceProperties properties) {
		// The deserializer drops each line's LF and the serializer writes one after the reply, so
		// the ack is the prefix and the line with its LF, byte for byte the Go reference's.
		return IntegrationFlow
			.from(Tcp.inboundGateway(Tcp.netServer(properties.linePort())
				.localAddress(properties.address())
				.soTimeout(READ_TIMEOUT_MS)
				.deserializer(TcpCodecs.lf(MAX_LINE))
				.serializer(TcpCodecs.lf())).id("line.inbound"))
			.transformWith(endpoint -> endpoint.<byte[], byte[]>transformer(SpringReference::ack).id("line.ack"))
			.get();
	}

	@Bean
	IntegrationFlow udpTimeFlow(SpringReferenceProperties properties, Clock clock) {
		// The reply leaves from the inbound adapter's socket, as the Go reference's does, so that
		// the client sees it come from the port it asked.
		return IntegrationFlow
			.from(Udp.inboundAdapter(properties.udpPort()).localAddress(properties.address()).id("udp.inbound"))
			.transformWith(endpoint -> endpoint.<byte[], byte[]>transformer(request -> now(clock)).id("udp.time"))
			.handle(Udp.outboundAdapter(message -> message.getHeaders().get(IpHeaders.PACKET_ADDRESS))
				.socketExpression("@'udp.inbound'.socket"), endpoint -> endpoint.id("udp.outbound"))
			.get();
	}

	static byte[] ack(byte[] line) {
		byte[] ack = new byte[PREFIX.length + line.length];
		System.arraycopy(PREFIX, 0, ack, 0, PREFIX.length);
		System.arraycopy(line, 0, ack, PREFIX.length, line.length);
		return ack;
	}

	/** Go's {@code time.Now().Format(time.RFC3339)}: whole seconds, the zone's offset or Z. */
	static byte[] now(Clock clock) {
		return ZonedDateTime.now(clock)
			.truncatedTo(ChronoUnit.SECONDS)
			.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
			.getBytes(StandardCharsets.US_ASCII);
	}

}
