package org.ackgate.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import org.ackgate.net.ServedOnRelease;

/**
 * Releases every bound listener once the flows behind them have started: see
 * {@link ServedOnRelease} for why they are bound first and served only now.
 */
final class ListenerRelease implements SmartLifecycle {

	/*
	 * Spring Integration starts consumers at Integer.MIN_VALUE, gateways at 0 and inbound adapters
	 * (the time endpoint's connect producer among them) at Integer.MAX_VALUE / 2; the web server,
	 * and with it readiness, comes later still.
	 */
	static final int PHASE = Integer.MAX_VALUE / 2 + 1;

	private final ObjectProvider<ServedOnRelease> listeners;

	private volatile boolean running;

	ListenerRelease(ObjectProvider<ServedOnRelease> listeners) {
		this.listeners = listeners;
	}

	@Override
	public void start() {
		this.listeners.orderedStream().forEach(ServedOnRelease::release);
		this.running = true;
	}

	/* Stopping serves on: the drain (GracefulDrain) closes the listeners in its own phase. */
	@Override
	public void stop() {
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
