package org.ackgate.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay's readiness rule, with a clock the test moves: no sockets, no Spring context. */
class RelayHealthIndicatorTests {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));

	private final Clock clock = new Clock() {

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return RelayHealthIndicatorTests.this.now.get();
		}

	};

	private final UpstreamState state = new UpstreamState(this.clock);

	private static RelayProperties relay(AckMode mode) {
		return new RelayProperties(true, "127.0.0.1", 9, RelayProtocol.LINE, mode, 4, Duration.ofSeconds(1),
				Duration.ofSeconds(2), Duration.ofSeconds(5), "已接收: ", "我收到了",
				new RelayProperties.Retry(Duration.ofMillis(100), Duration.ofSeconds(10)));
	}

	@Test
	void upstreamModeIsDownUntilTheFirstEvidenceThenFollowsTheLatest() {
		RelayHealthIndicator indicator = new RelayHealthIndicator(relay(AckMode.UPSTREAM), this.state, null, null);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(indicator.health().getDetails()).containsEntry("reason", "not probed yet");
		this.state.succeeded();
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		this.state.failed("relay to 127.0.0.1:9 failed: connection refused");
		Health down = indicator.health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("reachable", false)
			.containsEntry("reason", "relay to 127.0.0.1:9 failed: connection refused")
			.containsEntry("checkedAt", "2026-12-04T10:00:00Z");
		this.now.set(this.now.get().plusMillis(10));
		this.state.succeeded();
		assertThat(indicator.health().getStatus()).as("one success after a failure is enough").isEqualTo(Status.UP);
	}

	@Test
	void localModeIsUpWithTheUpstreamAndTheBacklogAsDetails() {
		RelayHealthIndicator indicator = new RelayHealthIndicator(relay(AckMode.LOCAL), this.state, () -> 42, null);
		this.state.failed("relay to 127.0.0.1:9 failed: connection refused");
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("reachable", false).containsEntry("backlogBytes", 42L);
	}

	@Test
	void localModeIsDownWithTheReasonOnceTheForwarderStopped() {
		AtomicReference<String> stopped = new AtomicReference<>();
		RelayHealthIndicator indicator = new RelayHealthIndicator(relay(AckMode.LOCAL), this.state, () -> 42,
				stopped::get);
		this.state.succeeded();
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		stopped.set("forwarding to the upstream 127.0.0.1:9 (line) stopped at journal offset 7: java.lang.Error: x");
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", stopped.get()).containsEntry("backlogBytes", 42L);
	}

	@Test
	void offIsUpSoTheReadinessGroupCanAlwaysNameIt() {
		Health health = new RelayHealthIndicator(relay(AckMode.UPSTREAM), null, null, null).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsExactly(java.util.Map.entry("enabled", false));
	}

	@Test
	void aProbeIsDueOnlyAfterAnIntervalWithoutEvidence() {
		Duration interval = Duration.ofSeconds(5);
		assertThat(this.state.probeDue(interval)).as("nothing known at startup").isTrue();
		this.state.succeeded();
		assertThat(this.state.probeDue(interval)).isFalse();
		this.now.set(this.now.get().plusMillis(4_999));
		assertThat(this.state.probeDue(interval)).isFalse();
		this.state.failed("relay to 127.0.0.1:9 failed: no ack within the timeout");
		this.now.set(this.now.get().plusMillis(4_999));
		assertThat(this.state.probeDue(interval)).as("failing traffic is evidence too").isFalse();
		this.now.set(this.now.get().plusMillis(1));
		assertThat(this.state.probeDue(interval)).isTrue();
	}

}
