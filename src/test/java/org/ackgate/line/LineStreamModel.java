package org.ackgate.line;

import java.util.Arrays;

import org.ackgate.support.Transcript;
import org.ackgate.wire.ProtocolViolation;

/**
 * The line protocol as docs/protocols.md states it, over a whole stream at once: LF ends a message
 * (a CR before it belongs to the message), a message longer than the maximum is oversize, and
 * bytes after the last LF are a truncated message. What the codec must decode, however the
 * stream arrives.
 */
final class LineStreamModel {

	private LineStreamModel() {
	}

	static Transcript expected(byte[] stream, int maxLength) {
		Transcript transcript = new Transcript();
		int position = 0;
		while (true) {
			int lf = indexOf(stream, LineCodec.LF, position);
			int length = ((lf >= 0) ? lf : stream.length) - position;
			if (length > maxLength) {
				return transcript.violation(ProtocolViolation.Kind.OVERSIZE);
			}
			if (lf < 0) {
				return (length > 0) ? transcript.violation(ProtocolViolation.Kind.TRUNCATED) : transcript.end();
			}
			transcript.frame(Arrays.copyOfRange(stream, position, lf));
			position = lf + 1;
		}
	}

	private static int indexOf(byte[] stream, byte value, int from) {
		for (int i = from; i < stream.length; i++) {
			if (stream[i] == value) {
				return i;
			}
		}
		return -1;
	}

}
