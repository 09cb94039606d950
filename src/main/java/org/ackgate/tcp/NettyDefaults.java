package org.ackgate.tcp;

import java.util.Properties;

/**
 * Netty switches ackgate sets from {@code main}, before any Netty class reads them, each only when
 * the JVM was not given it ({@code -D…=true} brings Netty's default back).
 */
public final class NettyDefaults {

	/**
	 * Netty's buffer-allocator JFR events: off. Netty registers them with the JDK's Flight Recorder
	 * the first time an event loop allocates a buffer chunk, which is the first connection's first
	 * read: that registration starts the Flight Recorder's machinery (about 110 classes, none of them
	 * in an AOT cache trained to the refresh) on the loop thread, while a client waits for its first
	 * ack (docs/performance.md, Startup: 74 against 40 ms, {@code bench/first-ack.sh}). Set it to
	 * true for a recording that wants Netty's chunk and buffer allocations.
	 */
	public static final String JFR_EVENTS = "io.netty.jfr.enabled";

	/**
	 * Multishot accepts on io_uring: off. A multishot accept that ends in an error (out of file
	 * descriptors) is armed again at once whatever the channel's auto-read says, so
	 * {@link LoopAcceptPause} could not pause it: the loop retried about 200,000 times a second for as
	 * long as the shortage lasted. A single-shot accept is armed only when a read is asked for.
	 * Opening 10,000 connections took as long either way (docs/performance.md, Connect storms).
	 */
	public static final String MULTISHOT_ACCEPT = "io.netty.iouring.acceptMultiShotEnabled";

	private NettyDefaults() {
	}

	/** Before any Netty class loads: both switches off, unless already set. */
	public static void applyUnlessSet(Properties systemProperties) {
		systemProperties.putIfAbsent(JFR_EVENTS, "false");
		systemProperties.putIfAbsent(MULTISHOT_ACCEPT, "false");
	}

}
