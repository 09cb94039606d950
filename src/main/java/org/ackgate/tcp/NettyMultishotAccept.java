package org.ackgate.tcp;

import java.util.Properties;

/**
 * Netty's multishot accept on io_uring, off unless asked for. A multishot accept that ends in an
 * error (out of file descriptors) is armed again at once whatever the channel's auto-read says, so
 * {@link LoopAcceptPause} could not pause it: the loop retried about 200,000 times a second for as
 * long as the shortage lasted. A single-shot accept is armed only when a read is asked for. Opening
 * 10,000 connections took as long either way (0.84–0.94 s against 0.86–0.92 s, three storms each,
 * docs/performance.md). {@code -Dio.netty.iouring.acceptMultiShotEnabled=true} brings it back.
 */
public final class NettyMultishotAccept {

	/** Netty's own switch, read once when its {@code IoUring} class initializes. */
	public static final String PROPERTY = "io.netty.iouring.acceptMultiShotEnabled";

	private NettyMultishotAccept() {
	}

	/** Before any Netty class loads: turns multishot accepts off unless the property is already set. */
	public static void offUnlessSet(Properties systemProperties) {
		systemProperties.putIfAbsent(PROPERTY, "false");
	}

}
