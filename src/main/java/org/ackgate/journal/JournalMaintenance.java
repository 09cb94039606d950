package org.ackgate.journal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The journal's timers: the force every {@code fsync-interval} ({@code interval} policy), retention
 * every 30 seconds, and while appends fail a probe every second, so readiness comes back with the
 * disk space even when no message arrives to try.
 */
final class JournalMaintenance implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JournalMaintenance.class);

	static final Duration RETENTION_PERIOD = Duration.ofSeconds(30);

	static final Duration PROBE_PERIOD = Duration.ofSeconds(1);

	/*
	 * GracefulDrain stops first (Integer.MAX_VALUE), and connections go on appending, and being
	 * acked, until it has closed them; the inbound adapters stop at Integer.MAX_VALUE / 2. With the
	 * default phase (the drain's) this could stop first and cancel the interval force and the
	 * failure probe while acks were still being given, so it stops after all of them.
	 */
	static final int PHASE = Integer.MAX_VALUE / 2 - 1;

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private final Journal journal;

	/*
	 * A thread of its own, not the application's task scheduler: that one shuts down (cancelling
	 * its periodic tasks) as soon as the context starts closing, before any phase stops, so the
	 * interval force would end before the drain began whatever the phase.
	 */
	private @Nullable ScheduledExecutorService timers;

	private volatile boolean running;

	JournalMaintenance(Journal journal) {
		this.journal = journal;
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "journal-maintenance");
			thread.setDaemon(true);
			return thread;
		});
		if (this.journal.settings().fsync() == FsyncPolicy.INTERVAL) {
			schedule(timers, this.journal::forceIfDirty, this.journal.settings().fsyncInterval());
		}
		schedule(timers, this.journal::applyRetention, RETENTION_PERIOD);
		schedule(timers, () -> {
			if (this.journal.failure() != null) {
				this.journal.probe();
			}
		}, PROBE_PERIOD);
		this.timers = timers;
		this.running = true;
	}

	/* A periodic task that throws is never run again: log it and go on, as the task scheduler did. */
	private static void schedule(ScheduledExecutorService timers, Runnable task, Duration period) {
		timers.scheduleWithFixedDelay(() -> {
			try {
				task.run();
			}
			catch (Throwable ex) {
				log.error("Journal maintenance task failed", ex);
			}
		}, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService timers = this.timers;
		if (timers != null) {
			timers.shutdown();
			try {
				timers.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.timers = null;
		}
		this.journal.forceIfDirty();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
