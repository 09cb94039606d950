package org.ackgate.line;

import java.io.IOException;

import org.ackgate.wire.FrameDecoder;
import org.ackgate.wire.FrameInput;

/**
 * Lines terminated by LF, bounded by the maximum message size. A CR before the LF belongs to
 * the message, as the tutorial's line-ack server echoes exactly what it read.
 */
public final class LineCodec implements FrameDecoder {

	static final byte LF = '\n';

	private final int maxLength;

	public LineCodec(int maxLength) {
		this.maxLength = maxLength;
	}

	@Override
	public byte[] decode(FrameInput input) throws IOException {
		return input.readUntil(LF, this.maxLength);
	}

}
