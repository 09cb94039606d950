package org.ackgate.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientTargetTests {

	@Test
	void addressBracketsIpv6() {
		assertThat(new ClientTarget("127.0.0.1", 8080, Duration.ofSeconds(5)).address()).isEqualTo("127.0.0.1:8080");
		assertThat(new ClientTarget("::1", 7373, Duration.ofSeconds(5)).address()).isEqualTo("[::1]:7373");
	}

	@Test
	void timeoutIsNeverZeroMillisForSockets() {
		assertThat(new ClientTarget("h", 1, Duration.ofNanos(10)).timeoutMillis()).isEqualTo(1);
		assertThat(new ClientTarget("h", 1, Duration.ofMillis(250)).timeoutText()).isEqualTo("250ms");
	}

}
