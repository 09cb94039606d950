package org.ackgate.framed;

import java.nio.charset.StandardCharsets;

/** The framed endpoint's ack: the same bytes for every frame, built once. */
public final class FramedAckResponder {

	private final byte[] ack;

	public FramedAckResponder(String ackText, AckFraming framing) {
		byte[] text = ackText.getBytes(StandardCharsets.UTF_8);
		this.ack = (framing == AckFraming.HEADERS) ? HeadersCodec.encode(text) : text;
	}

	/** The ack to write; shared, so the writer must not modify it. */
	public byte[] ack() {
		return this.ack;
	}

}
