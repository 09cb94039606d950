package org.ackgate.system;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SIGTERM is how every supervisor (Kubernetes, systemd, {@code docker stop}) asks the service to
 * stop, so the stop it asked for exits 0, not the JVM's 143 for "killed by a signal": the context
 * closes exactly as it does on the JVM's own shutdown hook (readiness down, listeners closed, acks
 * in flight finished within the grace period; the drain's log line says when the grace period
 * ended with messages still in hand, which then got no ack), and {@link SpringApplication#exit}
 * turns a failure while closing into 1. A second SIGTERM while stopping changes nothing; SIGKILL
 * still ends it at once. SIGINT keeps the JVM's behaviour (130 at a terminal).
 */
public final class CleanExitOnTerm {

	private static final Logger log = LoggerFactory.getLogger(CleanExitOnTerm.class);

	private CleanExitOnTerm() {
	}

	/** Replaces the JVM's SIGTERM handling for this process; call once the context is running. */
	public static void install(ConfigurableApplicationContext context) {
		AtomicBoolean stopping = new AtomicBoolean();
		try {
			Signal.handle(new Signal("TERM"), signal -> {
				if (stopping.compareAndSet(false, true)) {
					// Not on the signal dispatcher's thread: closing the context takes the grace period.
					Thread stopper = new Thread(() -> {
						log.info("SIGTERM: stopping");
						System.exit(SpringApplication.exit(context));
					}, "sigterm-stop");
					stopper.start();
				}
			});
		}
		catch (IllegalArgumentException ex) {
			// A JVM started with -Xrs, or a platform without SIGTERM: its own handling stays.
			log.debug("SIGTERM handler not installed: {}", ex.getMessage());
		}
	}

}
