package org.ackgate.tcp;

import java.util.Properties;

/**
 * Netty's buffer-allocator JFR events, off unless asked for. Netty registers them with the JDK's
 * Flight Recorder the first time an event loop allocates a buffer chunk, which is the first
 * connection's first read: that registration starts the Flight Recorder's machinery (about 110
 * classes, none of them in an AOT cache trained to the refresh) on the loop thread, while a client
 * waits for its first ack (docs/performance.md, Startup: 74 against 40 ms, {@code bench/first-ack.sh}).
 * {@code -Dio.netty.jfr.enabled=true} brings them back, for a recording that wants Netty's chunk
 * and buffer allocations.
 */
public final class NettyJfrEvents {

	/** Netty's own switch, read once when its {@code PlatformDependent} class initializes. */
	public static final String PROPERTY = "io.netty.jfr.enabled";

	private NettyJfrEvents() {
	}

	/** Before any Netty class loads: switches the events off unless the property is already set. */
	public static void offUnlessSet(Properties systemProperties) {
		systemProperties.putIfAbsent(PROPERTY, "false");
	}

}
