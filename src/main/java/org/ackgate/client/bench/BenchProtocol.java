package org.ackgate.client.bench;

/** What the bench talks, and the port it talks to unless told otherwise. */
public enum BenchProtocol {

	/** The line-ack tutorial's LF-terminated lines, acked with a prefix and the line. */
	LINE(8080),
	/** The framed-ack tutorial's {@code Headers} frames, acked with a fixed text. */
	FRAMED(7373),
	/** The UDP time tutorial's protocol: any datagram, answered with the time. */
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
