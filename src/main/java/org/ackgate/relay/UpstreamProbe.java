package org.ackgate.relay;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Connects to the upstream (and closes at once) whenever no exchange told how it is for
 * {@code probe-interval}: at startup, while idle, and after failures stopped coming because no
 * client sends. That is what lets readiness go DOWN with no traffic and come back UP by itself.
 * A connect proves the upstream listens, not that it acks; the next exchange tells that.
 */
final class UpstreamProbe implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(UpstreamProbe.class);

	private final RelayProperties properties;

	private final UpstreamState state;

	private final TaskScheduler scheduler;

	private volatile ScheduledFuture<?> task;

	UpstreamProbe(RelayProperties properties, UpstreamState state, TaskScheduler scheduler) {
		this.properties = properties;
		this.state = state;
		this.scheduler = scheduler;
	}

	/** Checks four times per interval whether a probe is due, so none comes much later than that. */
	@Override
	public synchronized void start() {
		this.task = this.scheduler.scheduleWithFixedDelay(this::probeIfDue, this.properties.probeInterval().dividedBy(4));
	}

	private void probeIfDue() {
		if (!this.state.probeDue(this.properties.probeInterval())) {
			return;
		}
		UpstreamState.Outcome before = this.state.latest();
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.properties.host(), this.properties.port()),
					(int) this.properties.connectTimeout().toMillis());
			this.state.succeeded();
			if (before != null && !before.reachable()) {
				log.info("Relay upstream {} accepts connections again", this.properties.upstream());
			}
		}
		catch (IOException | RuntimeException ex) {
			String reason = "connect to " + this.properties.upstream() + " failed: " + describe(ex);
			this.state.failed(reason);
			if (before == null || before.reachable()) {
				log.warn("Relay upstream unreachable{}: {}", (this.properties.ackMode() == AckMode.UPSTREAM)
						? ", not ready until it answers (messages are not acked)" : " (messages are still acked and journaled)",
						reason);
			}
		}
	}

	private String describe(Exception ex) {
		if (ex instanceof ConnectException) {
			return "connection refused";
		}
		if (ex instanceof SocketTimeoutException) {
			return "no answer within " + this.properties.connectTimeout().toSeconds() + "s";
		}
		if (ex instanceof UnknownHostException) {
			return "unknown host";
		}
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	@Override
	public synchronized void stop() {
		ScheduledFuture<?> task = this.task;
		if (task != null) {
			task.cancel(false);
			this.task = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.task != null;
	}

}
