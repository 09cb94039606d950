package org.ackgate.client.bench;

import java.time.Duration;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Runs one bench: opens every connection (a failure to connect ends the run before any load),
 * starts them together, reports progress every interval, and sums up when the last connection has
 * finished. Every connection ends by itself — its messages sent, the duration over, or a reply
 * late by the timeout — so the run is bounded.
 */
final class BenchRunner {

	private final BenchSettings settings;

	private final Duration progressInterval;

	private final @Nullable Consumer<String> progress;

	/** @param progress where progress lines go, or {@code null} for none */
	BenchRunner(BenchSettings settings, Duration progressInterval, @Nullable Consumer<String> progress) {
		this.settings = settings;
		this.progressInterval = progressInterval;
		this.progress = progress;
	}

	BenchResult run() throws InterruptedException {
		BenchStats stats = new BenchStats();
		try (BenchEngine.Run run = open(stats)) {
			long started = System.nanoTime();
			Duration duration = this.settings.duration();
			run.start(new BenchLimits(this.settings.pipeline(), this.settings.messagesPerConnection(),
					!duration.isZero(), started + duration.toNanos(), this.settings.target().timeout().toNanos()));
			long lastReport = started;
			long lastAcked = 0;
			while (!run.awaitEnd(this.progressInterval)) {
				long now = System.nanoTime();
				Histogram interval = stats.interval();
				long acked = stats.acked.sum();
				if (this.progress != null) {
					double seconds = (now - lastReport) / 1e9;
					this.progress.accept(BenchReport.progress((now - started) / 1e9, acked,
							(seconds > 0) ? (acked - lastAcked) / seconds : 0, stats.lost.sum(),
							stats.mismatched.sum(), stats.errors.sum(), interval));
				}
				lastReport = now;
				lastAcked = acked;
			}
			stats.interval();
			long lastReply = run.lastReplyNanos();
			long elapsed = ((lastReply != 0) ? lastReply : System.nanoTime()) - started;
			return new BenchResult(this.settings, stats.sent.sum(), stats.acked.sum(), stats.lost.sum(),
					stats.mismatched.sum(), stats.errors.sum(), stats.firstError(), stats.reconnects.sum(),
					stats.resent.sum(), Math.max(0, elapsed),
					LatencySummary.of(stats.total()));
		}
	}

	private BenchEngine.Run open(BenchStats stats) {
		return switch (this.settings.engine()) {
			case SOCKET -> new SocketBenchRun(this.settings, stats).open();
			case GATEWAY -> new GatewayBenchRun(this.settings, stats).open();
		};
	}

}
