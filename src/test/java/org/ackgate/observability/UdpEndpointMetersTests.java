package org.ackgate.observability;


import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class UdpEndpointMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final UdpEndpointMeters meters = new UdpEndpointMeters(this.registry,
			java.util.Map.of("udp", java.util.List.of("text", "ntp", "invalid")));

	@Test
	void everyReplyAFullSendBufferDropsIsCountedFromZero() {
		assertThat(this.registry.get(MeterNames.UDP_DROPPED).tags("endpoint", "udp", "reason", "send_buffer_full")
			.counter().count()).isZero();
		for (int i = 0; i < 3; i++) {
			this.meters.dropped("udp", "send_buffer_full");
		}
		this.meters.dropped("rfc868", "send_buffer_full");
		assertThat(this.registry.get(MeterNames.UDP_DROPPED).tags("endpoint", "udp", "reason", "send_buffer_full")
			.counter().count()).isEqualTo(3);
		assertThat(this.registry.get(MeterNames.UDP_DROPPED).tags("endpoint", "rfc868", "reason", "send_buffer_full")
			.counter().count()).isOne();
	}

	@Test
	void requestsRateLimitsAndRepliesAreCountedByEndpointAndDialect() {
		this.meters.request("udp", "ntp", 48);
		this.meters.replied("udp", "ntp", 48);
		this.meters.request("udp", "text", 12);
		this.meters.rateLimited("udp", "text");
		this.meters.request("rfc868", "rfc868", 0);
		this.meters.replied("rfc868", "rfc868", 4);
		assertThat(this.registry.get(MeterNames.UDP_REQUESTS).tags("endpoint", "udp", "dialect", "ntp").counter().count())
			.isOne();
		assertThat(this.registry.get(MeterNames.UDP_RATE_LIMITED).tags("endpoint", "udp", "dialect", "text").counter()
			.count()).isOne();
		assertThat(this.registry.get(MeterNames.TIME_RESPONSES).tags("endpoint", "udp", "dialect", "text").counter()
			.count()).isZero();
		assertThat(this.registry.get(MeterNames.BYTES_RECEIVED).tag("endpoint", "udp").counter().count()).isEqualTo(60);
		assertThat(this.registry.get(MeterNames.BYTES_SENT).tag("endpoint", "rfc868").counter().count()).isEqualTo(4);
		assertThat(this.registry.get(MeterNames.TIME_RESPONSES).tags("endpoint", "rfc868", "dialect", "rfc868").counter()
			.count()).isOne();
	}

	@Test
	void theEnabledEndpointsDialectsExistFromTheStart() {
		assertThat(this.registry.get(MeterNames.UDP_REQUESTS).tags("endpoint", "udp", "dialect", "invalid").counter()
			.count()).isZero();
	}

}
