package org.ackgate.client.bench;

/** What the bench talks, and the port it talks to unless told otherwise. */
public enum BenchProtocol {

	/** Seed 001's LF-terminated lines, acked with a prefix and the line. */
	LINE(8080),
	/** Seed 004's {@code Headers} frames, acked with a fixed text. */
	FRAMED(7373),
	/** Seed 001's UDP time: any datagram, answered with the time. */
	UDP(8123);

	private final int defaultPort;

	BenchProtocol(int defaultPort) {
		this.defaultPort = defaultPort;
	}

	public int defaultPort() {
		return this.defaultPort;
	}

	/** The name used on the command line and in reports. */
	public String label() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
