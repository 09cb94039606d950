package org.ackgate.tcp;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PeerLogLimiterTests {

	private static final long MINUTE = Duration.ofMinutes(1).toNanos();

	@Test
	void letsTheBurstThroughThenSuppressesUntilTheWindowPassesAndSaysHowManyWereHeldBack() {
		PeerLogLimiter limiter = new PeerLogLimiter(3, Duration.ofMinutes(1), 16);
		assertThat(limiter.tryAcquire("10.0.0.1", 0)).isZero();
		assertThat(limiter.tryAcquire("10.0.0.1", 1)).isZero();
		assertThat(limiter.tryAcquire("10.0.0.1", 2)).isZero();
		assertThat(limiter.tryAcquire("10.0.0.1", 3)).isEqualTo(-1);
		assertThat(limiter.tryAcquire("10.0.0.1", 4)).isEqualTo(-1);
		assertThat(limiter.tryAcquire("10.0.0.1", MINUTE)).isEqualTo(2);
		assertThat(limiter.tryAcquire("10.0.0.1", MINUTE + 1)).isZero();
	}

	@Test
	void onePeerFloodingDoesNotSilenceAnother() {
		PeerLogLimiter limiter = new PeerLogLimiter(1, Duration.ofMinutes(1), 16);
		assertThat(limiter.tryAcquire("10.0.0.1", 0)).isZero();
		assertThat(limiter.tryAcquire("10.0.0.1", 1)).isEqualTo(-1);
		assertThat(limiter.tryAcquire("10.0.0.2", 2)).isZero();
	}

	@Test
	void theTableStaysBoundedAndPeersBeyondItShareOneBudget() {
		PeerLogLimiter limiter = new PeerLogLimiter(2, Duration.ofMinutes(1), 4);
		for (int i = 0; i < 4; i++) {
			assertThat(limiter.tryAcquire("10.0.0." + i, 0)).isZero();
		}
		assertThat(limiter.tryAcquire("10.0.1.1", 1)).isZero();
		assertThat(limiter.tryAcquire("10.0.1.2", 1)).isZero();
		assertThat(limiter.tryAcquire("10.0.1.3", 1)).as("the shared overflow budget is spent").isEqualTo(-1);
		assertThat(limiter.tryAcquire("10.0.1.4", MINUTE)).as("expired peers make room again").isZero();
	}

	@Test
	void hostOfDropsThePortForIpv4AndIpv6() {
		assertThat(PeerLogLimiter.hostOf("127.0.0.1:54321")).isEqualTo("127.0.0.1");
		assertThat(PeerLogLimiter.hostOf("[::1]:54321")).isEqualTo("[::1]");
		assertThat(PeerLogLimiter.hostOf("?")).isEqualTo("?");
	}

}
