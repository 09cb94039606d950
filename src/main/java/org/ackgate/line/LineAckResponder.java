package org.ackgate.line;

import java.nio.charset.StandardCharsets;

/** Builds the line-ack server's ack for a line: the prefix, the line, LF, ready to go out in one write. */
public final class LineAckResponder {

	private final byte[] prefix;

	public LineAckResponder(String prefix) {
		this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
	}

	public byte[] ack(byte[] line) {
		byte[] ack = new byte[this.prefix.length + line.length + 1];
		System.arraycopy(this.prefix, 0, ack, 0, this.prefix.length);
		System.arraycopy(line, 0, ack, this.prefix.length, line.length);
		ack[ack.length - 1] = LineCodec.LF;
		return ack;
	}

}
