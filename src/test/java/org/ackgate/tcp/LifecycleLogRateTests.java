package org.ackgate.tcp;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection open and close lines, one by one below the rate and summed up above it. */
class LifecycleLogRateTests {

	private static final long SECOND = 1_000_000_000L;

	private final LifecycleLogRate rate = new LifecycleLogRate(3, SECOND);

	@Test
	void belowTheRateEveryLineIsLoggedAndNoSummaryIsDue() {
		for (int second = 0; second < 5; second++) {
			long now = second * SECOND;
			assertThat(this.rate.tryLog(now, null)).isTrue();
			assertThat(this.rate.tryLog(now + 1, CloseReason.CLIENT)).isTrue();
			assertThat(this.rate.tryLog(now + 2, null)).isTrue();
			assertThat(this.rate.takeSummary(now + 3)).isNull();
		}
	}

	@Test
	void aboveTheRateTheRestIsCountedExactlyAndSummedUpOnceTheSecondIsOver() {
		int logged = 0;
		for (int i = 0; i < 1000; i++) {
			if (this.rate.tryLog(i, (i % 2 == 0) ? null : ((i % 4 == 1) ? CloseReason.CLIENT : CloseReason.IDLE))) {
				logged++;
			}
		}
		assertThat(logged).isEqualTo(3);
		assertThat(this.rate.takeSummary(SECOND / 2)).as("not before the second is over").isNull();
		LifecycleLogRate.Summary summary = this.rate.takeSummary(SECOND);
		assertThat(summary).isNotNull();
		// Lines 0, 1 and 2 (two opens, one client close) were logged; the other 997 are in the summary.
		assertThat(summary.opened()).isEqualTo(500 - 2);
		assertThat(summary.closed()).isEqualTo(Map.of(CloseReason.CLIENT, 250L - 1, CloseReason.IDLE, 250L));
		assertThat(summary.opened() + summary.closedTotal() + logged).isEqualTo(1000);
		assertThat(this.rate.takeSummary(SECOND + 1)).as("given once").isNull();
	}

	@Test
	void afterAStormLinesAreLoggedOneByOneAgain() {
		for (int i = 0; i < 10; i++) {
			this.rate.tryLog(i, null);
		}
		assertThat(this.rate.tryLog(SECOND, null)).isTrue();
		assertThat(this.rate.takeSummary(SECOND + 1).opened()).isEqualTo(7);
	}

	@Test
	void windowsThatEndWithoutATakeAddUp() {
		for (int i = 0; i < 5; i++) {
			this.rate.tryLog(i, null);
		}
		for (int i = 0; i < 6; i++) {
			this.rate.tryLog(SECOND + i, CloseReason.SHUTDOWN);
		}
		LifecycleLogRate.Summary summary = this.rate.takeSummary(2 * SECOND);
		assertThat(summary.opened()).isEqualTo(2);
		assertThat(summary.closed()).isEqualTo(Map.of(CloseReason.SHUTDOWN, 3L));
	}

}
