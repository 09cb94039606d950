package org.ackgate.client;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.ConfigurableApplicationContext;

import org.ackgate.AckgateApplication;
import org.ackgate.tcp.EndpointServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The framed endpoint configured to frame its acks, and with another ack text: the client follows with its options. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientHeadersFramingIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static String port;

	@BeforeAll
	static void startFramedEndpointOnly() {
		context = new SpringApplicationBuilder(AckgateApplication.class).web(WebApplicationType.NONE)
			.run("--ackgate.framed.port=0", "--ackgate.framed.bind-address=127.0.0.1", "--ackgate.framed.ack-framing=headers", "--ackgate.framed.ack-text=收到",
					"--ackgate.line.enabled=false", "--ackgate.time.enabled=false", "--ackgate.udp.enabled=false");
		port = Integer.toString(context.getBean("framedConnectionFactory", EndpointServerConnectionFactory.class).getPort());
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void framedAcksAreUnwrapped() {
		ClientRun run = ClientRun.of("framed", "--ack-framing", "headers", "--port", port, "one", "two");
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEqualTo("收到\n收到\n");
		assertThat(run.err()).isEmpty();
	}

	@Test
	void expectingRawAcksFromAFramingServerFailsAtOnce() {
		ClientRun run = ClientRun.of("framed", "--ack-text", "收到", "--port", port, "one");
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.err()).startsWith("ackgate: unexpected reply from 127.0.0.1:" + port + ": got ")
			.endsWith(", expected the ack \"收到\"\n");
	}

	@Test
	void benchOfFramedAcks() {
		ClientRun run = ClientRun.of("bench", "--protocol", "framed", "--ack-framing", "headers", "--ack-text", "收到",
				"--port", port, "--connections", "6", "--messages", "200", "--pipeline", "4", "--json", "--no-progress");
		assertThat(run.status()).isZero();
		Map<String, Object> summary = JsonParserFactory.getJsonParser().parseMap(run.out());
		assertThat(summary).containsEntry("sent", 1200).containsEntry("acked", 1200).containsEntry("lost", 0)
			.containsEntry("mismatched", 0);
	}

}
