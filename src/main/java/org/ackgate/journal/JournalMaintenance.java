package org.ackgate.journal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * The journal's timers: the force every {@code fsync-interval} ({@code interval} policy), retention
 * every 30 seconds, and while appends fail a probe every second, so readiness comes back with the
 * disk space even when no message arrives to try.
 */
final class JournalMaintenance implements SmartLifecycle {

	static final Duration RETENTION_PERIOD = Duration.ofSeconds(30);

	static final Duration PROBE_PERIOD = Duration.ofSeconds(1);

	/*
	 * GracefulDrain stops first (Integer.MAX_VALUE), and connections go on appending, and being
	 * acked, until it has closed them; the inbound adapters stop at Integer.MAX_VALUE / 2. With the
	 * default phase (the drain's) this could stop first and cancel the interval force and the
	 * failure probe while acks were still being given, so it stops after all of them.
	 */
	static final int PHASE = Integer.MAX_VALUE / 2 - 1;

	private final Journal journal;

	private final TaskScheduler scheduler;

	private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

	private volatile boolean running;

	JournalMaintenance(Journal journal, TaskScheduler scheduler) {
		this.journal = journal;
		this.scheduler = scheduler;
	}

	@Override
	public synchronized void start() {
		if (this.journal.settings().fsync() == FsyncPolicy.INTERVAL) {
			this.tasks.add(this.scheduler.scheduleWithFixedDelay(this.journal::forceIfDirty,
					this.journal.settings().fsyncInterval()));
		}
		this.tasks.add(this.scheduler.scheduleWithFixedDelay(this.journal::applyRetention, RETENTION_PERIOD));
		this.tasks.add(this.scheduler.scheduleWithFixedDelay(() -> {
			if (this.journal.failure() != null) {
				this.journal.probe();
			}
		}, PROBE_PERIOD));
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		this.tasks.forEach(task -> task.cancel(false));
		this.tasks.clear();
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
