package org.ackgate.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import org.ackgate.tcp.GracefulDrain;
import org.ackgate.tcp.ShutdownProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal's timers: when they stop relative to the rest of the service. */
class JournalMaintenanceTests {

	@TempDir
	Path directory;

	@Test
	void stopsAfterTheDrainAndTheInboundAdaptersSoAcksGivenWhileDrainingAreForced() {
		int drain = new GracefulDrain(event -> {
		}, List.of(), new ShutdownProperties(Duration.ZERO, Duration.ZERO)).getPhase();
		// Spring stops higher phases first; Spring Integration's inbound adapters stop at MAX_VALUE / 2.
		assertThat(JournalMaintenance.PHASE).isLessThan(drain).isLessThan(Integer.MAX_VALUE / 2);
	}

	@Test
	void theIntervalForceGoesOnWhileTheDrainStillAppends() throws IOException {
		CountDownLatch forced = new CountDownLatch(1);
		AtomicBoolean appendedInDrain = new AtomicBoolean();
		JournalEvents events = new JournalEvents() {
			@Override
			public void forced() {
				if (appendedInDrain.get()) {
					forced.countDown();
				}
			}
		};
		JournalSettings settings = new JournalSettings(this.directory, FsyncPolicy.INTERVAL, Duration.ofMillis(20),
				1024 * 1024, 64L * 1024 * 1024, Duration.ofDays(7));
		AtomicBoolean forcedInDrain = new AtomicBoolean();
		try (Journal journal = Journal.open(settings, Clock.systemUTC(), JournalStorage.FILES, events);
				GenericApplicationContext context = new GenericApplicationContext()) {
			// As in the service: the shared task scheduler (it shuts down as the context starts closing),
			// the maintenance, and the drain in its phase, registered after the maintenance.
			context.registerBean("taskScheduler", TaskScheduler.class, ThreadPoolTaskScheduler::new);
			context.registerBean(JournalMaintenance.class, () -> new JournalMaintenance(journal));
			context.registerBean("drain", SmartLifecycle.class, () -> new DrainStandIn(() -> {
				journal.append("line", "127.0.0.1:5000", Instant.now(), "acked while draining".getBytes(StandardCharsets.UTF_8));
				appendedInDrain.set(true);
				try {
					forcedInDrain.set(forced.await(2, TimeUnit.SECONDS));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
			context.refresh();
		}
		assertThat(forcedInDrain).as("forced by the timer before the drain ended").isTrue();
	}

	/** Appends while stopping, in GracefulDrain's phase. */
	private static final class DrainStandIn implements SmartLifecycle {

		private final Runnable whileStopping;

		private volatile boolean running;

		DrainStandIn(Runnable whileStopping) {
			this.whileStopping = whileStopping;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.whileStopping.run();
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return Integer.MAX_VALUE;
		}

	}

}
