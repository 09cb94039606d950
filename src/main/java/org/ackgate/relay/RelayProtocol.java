package org.ackgate.relay;

/** What the upstream speaks (docs: docs/protocols.md sections 1 and 2). */
public enum RelayProtocol {

	/** LF-terminated lines; the ack is the prefix, the line and LF. */
	LINE,

	/** {@code Headers} frames; the ack is the raw ack text, answered with the receipt {@code ok}. */
	FRAMED

}
