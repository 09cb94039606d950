package org.ackgate.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfirmationDeadlinesTests {

	private final AtomicLong now = new AtomicLong(1_000);

	private final ConfirmationDeadlines deadlines = new ConfirmationDeadlines(this.now::get);

	@Test
	void overdueConfirmationsFailWithATimeoutAndOnTimeOnesAreLeftAlone() {
		CompletableFuture<String> early = new CompletableFuture<>();
		CompletableFuture<String> late = new CompletableFuture<>();
		this.deadlines.register(List.of(early), this.now.get(), Duration.ofNanos(100));
		this.deadlines.register(List.of(late), this.now.get() + 50, Duration.ofNanos(100));

		this.now.addAndGet(99);
		assertThat(this.deadlines.expire()).isZero();
		assertThat(early).isNotDone();

		this.now.addAndGet(1);
		assertThat(this.deadlines.expire()).isOne();
		assertThatThrownBy(early::get).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(TimeoutException.class)
			.hasMessage("no confirmation within PT0.0000001S");
		assertThat(late).isNotDone();

		this.now.addAndGet(50);
		assertThat(this.deadlines.expire()).as("the later wait, still registered").isOne();
		assertThat(late).isCompletedExceptionally();
	}

	@Test
	void everyConfirmationOfAnOverdueBatchFailsButOnesAlreadyConfirmedKeepTheirResult() {
		CompletableFuture<String> confirmed = CompletableFuture.completedFuture("ok");
		CompletableFuture<String> pending = new CompletableFuture<>();
		this.deadlines.register(List.of(confirmed, pending), this.now.get(), Duration.ofNanos(10));
		this.now.addAndGet(10);
		this.deadlines.expire();
		assertThat(confirmed).isCompletedWithValue("ok");
		assertThat(pending).isCompletedExceptionally();
	}

	@Test
	void releasedWaitsAreNeverFailed() {
		CompletableFuture<String> confirmation = new CompletableFuture<>();
		ConfirmationDeadlines.Waiting waiting = this.deadlines.register(List.of(confirmation), this.now.get(),
				Duration.ofNanos(10));
		this.deadlines.release(waiting);
		this.now.addAndGet(1_000);
		assertThat(this.deadlines.expire()).isZero();
		assertThat(confirmation).isNotDone();
	}

	@Test
	void deadlinesHoldAcrossTheWrapOfNanoTime() {
		this.now.set(Long.MAX_VALUE - 5);
		CompletableFuture<String> confirmation = new CompletableFuture<>();
		this.deadlines.register(List.of(confirmation), this.now.get(), Duration.ofNanos(10));
		this.now.addAndGet(9);
		assertThat(this.deadlines.expire()).isZero();
		this.now.addAndGet(1);
		assertThat(this.deadlines.expire()).isOne();
	}

	@Test
	void theCheckIntervalIsATenthOfTheTimeoutWithinBounds() {
		assertThat(ConfirmationDeadlines.checkInterval(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(100));
		assertThat(ConfirmationDeadlines.checkInterval(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(50));
		assertThat(ConfirmationDeadlines.checkInterval(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(10));
	}

}
