package org.ackgate.client.transport;

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

	@Test
	void timeoutTextIsTheWayUsersWriteIt() {
		assertThat(ClientTarget.format(Duration.ofSeconds(5))).isEqualTo("5s");
		assertThat(ClientTarget.format(Duration.ofMillis(250))).isEqualTo("250ms");
		assertThat(ClientTarget.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
		assertThat(ClientTarget.format(Duration.ofMillis(1250))).isEqualTo("1.25s");
		assertThat(ClientTarget.format(Duration.ofMinutes(2))).isEqualTo("120s");
	}

}
