package org.ackgate.support;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test service's arguments: every listener, RFC 868's and the actuator's included, on loopback and
 * a free port; the actuator on the one web server, as in production.
 */
class TestServiceTests {

	private static final List<String> LISTENERS = List.of("line", "framed", "time", "udp", "rfc868");

	@Test
	void everyListenerBindsLoopbackOnAFreePort() {
		List<String> arguments = Arrays.asList(TestService.arguments("ackgate.rfc868.enabled=true"));
		for (String listener : LISTENERS) {
			assertThat(arguments).as(listener).contains("--ackgate." + listener + ".port=0",
					"--ackgate." + listener + ".bind-address=127.0.0.1");
		}
		assertThat(arguments).contains("--ackgate.rfc868.enabled=true", "--server.port=0", "--server.address=127.0.0.1",
				"--management.server.port=");
	}

	@Test
	void theCallersValueWinsAndEachKeyComesOnce() {
		List<String> arguments = Arrays.asList(TestService.arguments("ackgate.rfc868.bind-address=::1"));
		assertThat(arguments).contains("--ackgate.rfc868.bind-address=::1")
			.doesNotContain("--ackgate.rfc868.bind-address=127.0.0.1");
		assertThat(arguments.stream().map(argument -> argument.substring(0, argument.indexOf('=')))).doesNotHaveDuplicates();
	}

}
