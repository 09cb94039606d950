package org.ackgate.udp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.ackgate.udp.SourceRateLimiter.Decision;

import static org.assertj.core.api.Assertions.assertThat;

class SourceRateLimiterTests {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private static InetAddress address(int i) throws UnknownHostException {
		return InetAddress.getByAddress(new byte[] { 10, (byte) (i >> 16), (byte) (i >> 8), (byte) i });
	}

	@Test
	void aBurstPassesThenTheSourceIsLimitedAndOneInFourLeaks() throws UnknownHostException {
		SourceRateLimiter limiter = new SourceRateLimiter(3, 8, 2, 100, this.nanos::get);
		List<Decision> decisions = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			decisions.add(limiter.check(address(1)));
		}
		assertThat(decisions.subList(0, 8)).containsOnly(Decision.ALLOW);
		assertThat(decisions.subList(8, 16)).containsExactly(Decision.DROP, Decision.DROP, Decision.DROP, Decision.LEAK,
				Decision.DROP, Decision.DROP, Decision.DROP, Decision.LEAK);
	}

	@Test
	void creditComesBackAtOneResponsePerInterval() throws UnknownHostException {
		SourceRateLimiter limiter = new SourceRateLimiter(3, 2, 2, 100, this.nanos::get);
		assertThat(limiter.check(address(1))).isEqualTo(Decision.ALLOW);
		assertThat(limiter.check(address(1))).isEqualTo(Decision.ALLOW);
		assertThat(limiter.check(address(1))).isNotEqualTo(Decision.ALLOW);
		this.nanos.addAndGet(7_999_999_999L);
		assertThat(limiter.check(address(1))).isNotEqualTo(Decision.ALLOW);
		this.nanos.addAndGet(8_000_000_000L);
		assertThat(limiter.check(address(1))).isEqualTo(Decision.ALLOW);
		this.nanos.addAndGet(3600_000_000_000L);
		assertThat(limiter.check(address(1))).isEqualTo(Decision.ALLOW);
		assertThat(limiter.check(address(1))).isEqualTo(Decision.ALLOW);
		assertThat(limiter.check(address(1))).as("credit is capped at the burst").isNotEqualTo(Decision.ALLOW);
	}

	@Test
	void oneFloodingSourceDoesNotLimitAnother() throws UnknownHostException {
		SourceRateLimiter limiter = new SourceRateLimiter(0, 4, 2, 100, this.nanos::get);
		for (int i = 0; i < 1000; i++) {
			limiter.check(address(1));
		}
		assertThat(limiter.check(address(2))).isEqualTo(Decision.ALLOW);
	}

	@Test
	void leakZeroAnswersEveryLimitedRequestWithAKiss() throws UnknownHostException {
		SourceRateLimiter limiter = new SourceRateLimiter(0, 1, 0, 100, this.nanos::get);
		assertThat(limiter.check(address(1))).isEqualTo(Decision.ALLOW);
		assertThat(limiter.check(address(1))).isEqualTo(Decision.LEAK);
		assertThat(limiter.check(address(1))).isEqualTo(Decision.LEAK);
	}

	@Test
	void theTableStaysBoundedUnderAHundredThousandSources() throws UnknownHostException {
		SourceRateLimiter limiter = new SourceRateLimiter(3, 8, 2, 4096, this.nanos::get);
		for (int i = 0; i < 100_000; i++) {
			assertThat(limiter.check(address(i))).isEqualTo(Decision.ALLOW);
		}
		assertThat(limiter.trackedSources()).isEqualTo(4096);
	}

	@Test
	void theLeastRecentlySeenSourceIsForgottenFirst() throws UnknownHostException {
		SourceRateLimiter limiter = new SourceRateLimiter(10, 1, 4, 2, this.nanos::get);
		limiter.check(address(1));
		limiter.check(address(2));
		limiter.check(address(1));
		limiter.check(address(3));
		assertThat(limiter.check(address(1))).as("1 was seen recently, so it is still limited").isEqualTo(Decision.DROP);
		assertThat(limiter.check(address(2))).as("2 was forgotten: a full burst again").isEqualTo(Decision.ALLOW);
	}

}
