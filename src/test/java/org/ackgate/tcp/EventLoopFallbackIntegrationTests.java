package org.ackgate.tcp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.ackgate.support.RawClient;
import org.ackgate.support.ServiceProcess;
import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event loops where Netty's native transports cannot load (a container whose seccomp profile
 * refuses io_uring, a libc the native library does not support), forced here with Netty's own
 * switch {@code -Dio.netty.transport.noNative=true}, in a service process of its own: {@code auto}
 * falls back to Java NIO and says why, and a forced choice stops startup with the property named.
 */
@TransportIndependent
class EventLoopFallbackIntegrationTests {

	private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

	private static final List<String> NO_NATIVE = List.of("-Dio.netty.transport.noNative=true");

	private static final Duration START = Duration.ofSeconds(90);

	private static List<String> lineOnly(String... more) {
		List<String> properties = new ArrayList<>(List.of("ackgate.tcp.transport=event-loop", "ackgate.line.port=0",
				"ackgate.line.bind-address=127.0.0.1", "ackgate.framed.enabled=false", "ackgate.time.enabled=false",
				"ackgate.udp.enabled=false", "spring.main.web-application-type=none"));
		properties.addAll(List.of(more));
		return properties;
	}

	@Test
	void withoutTheNativeTransportsAutoServesOnJavaNioAndSaysWhy() throws Exception {
		try (ServiceProcess service = ServiceProcess.startWith(JAVA_HOME, NO_NATIVE, lineOnly())) {
			int port = service.linePort(START);
			try (RawClient client = RawClient.connect(port)) {
				client.write("on NIO\n");
				byte[] ack = "已接收: on NIO\n".getBytes(StandardCharsets.UTF_8);
				assertThat(client.read(ack.length)).isEqualTo(ack);
			}
			assertThat(service.output()).anySatisfy(line -> assertThat(line)
				.contains("event loops (Java NIO, since io_uring is not available here: ")
				.contains("nor is epoll: ")
				.contains("noNative"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "io-uring", "epoll" })
	void aForcedChoiceThatIsNotAvailableStopsStartupNamingTheProperty(String loopIo) throws Exception {
		try (ServiceProcess service = ServiceProcess.startWith(JAVA_HOME, NO_NATIVE,
				lineOnly("ackgate.tcp.loop-io=" + loopIo))) {
			assertThat(service.waitForExit(START)).as("the service stopped by itself").isNotNull().isNotZero();
			String output = String.join("\n", service.output());
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("ackgate.tcp.loop-io=" + loopIo + ", but " + loopIo + " is not available here: ")
				.contains("Set ackgate.tcp.loop-io=auto")
				// The report, not a stack trace.
				.doesNotContain("Application run failed")
				.doesNotContain("\tat org.ackgate");
		}
	}

}
