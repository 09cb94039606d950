package org.ackgate.tcp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The first thing to stop: readiness goes down, the listeners close, messages that arrive from
 * now on are refused (their connection closed, no ack), messages already being handled get their
 * ack within the grace period, and then every connection is closed.
 */
public final class GracefulDrain implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GracefulDrain.class);

	private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

	private final ApplicationEventPublisher publisher;

	private final List<EndpointServerConnectionFactory> factories;

	private final Duration gracePeriod;

	private final Duration readinessDelay;

	private volatile boolean running;

	public GracefulDrain(ApplicationEventPublisher publisher, List<EndpointServerConnectionFactory> factories,
			ShutdownProperties properties) {
		this.publisher = publisher;
		this.factories = factories;
		this.gracePeriod = properties.gracePeriod();
		this.readinessDelay = properties.readinessDelay();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		announceUnready();
		long started = System.nanoTime();
		// Draining first: once a client sees the listener gone, nothing it sends is acked any more.
		this.factories.forEach(EndpointServerConnectionFactory::startDraining);
		this.factories.forEach(EndpointServerConnectionFactory::stopAccepting);
		long deadline = started + this.gracePeriod.toNanos();
		// Each connection closes between messages: one whose message's flow began just before the
		// drain (past the refusal above) is not closed under it, which would drop an ack owed.
		boolean clean;
		while (!(clean = closeBetweenMessages()) && System.nanoTime() - deadline < 0) {
			LockSupport.parkNanos(POLL_NANOS);
		}
		this.factories.forEach(factory -> factory.connections().closeAll(CloseReason.SHUTDOWN, "service stopping"));
		// Acks already written may still be on their way to a client that reads slowly; the event
		// loops' connections close once theirs are out. Wait for that within what is left of the
		// grace period, so the drain takes no longer than it says.
		while (!allClosed() && System.nanoTime() - deadline < 0) {
			LockSupport.parkNanos(POLL_NANOS);
		}
		log.info("Drained the TCP endpoints in {} ms{}", Duration.ofNanos(System.nanoTime() - started).toMillis(),
				clean ? "" : "; the grace period ended with messages still being handled");
		this.running = false;
	}

	/*
	 * The management server stops after this lifecycle phase, so readiness answers 503 for the
	 * whole delay while the endpoints still accept: balancers that poll it move new clients away
	 * before any connect is refused.
	 */
	private void announceUnready() {
		if (this.readinessDelay.isZero()) {
			return;
		}
		log.info("Readiness is down; serving for {} ms more (ackgate.shutdown.readiness-delay) before draining",
				this.readinessDelay.toMillis());
		try {
			Thread.sleep(this.readinessDelay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean allClosed() {
		return this.factories.stream().allMatch(factory -> factory.connections().isEmpty());
	}

	/* Every endpoint is asked, whatever the others answer. */
	private boolean closeBetweenMessages() {
		boolean all = true;
		for (EndpointServerConnectionFactory factory : this.factories) {
			all &= factory.connections().closeAllBetweenMessages(CloseReason.SHUTDOWN, "service stopping");
		}
		return all;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops before everything else, the Spring Integration endpoints and the web server included. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
