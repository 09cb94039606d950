package org.ackgate.framed;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.ackgate.support.Transcript;
import org.ackgate.wire.ProtocolViolation;

/**
 * The {@code Headers} protocol as docs/protocols.md states it, over a whole stream at once: at a
 * frame boundary each {@code ok} is a receipt; the bytes before the next magic are skipped; the
 * length is checked before the payload is taken. A stream that ends inside a frame — its magic
 * begun, its length or payload short — is truncated. What the codec must decode, however the
 * stream arrives.
 */
final class HeadersStreamModel {

	private HeadersStreamModel() {
	}

	static Transcript expected(byte[] stream, int maxLength) {
		Transcript transcript = new Transcript();
		int position = 0;
		while (true) {
			while (position + 1 < stream.length && stream[position] == 'o' && stream[position + 1] == 'k') {
				transcript.receipt();
				position += 2;
			}
			int magic = indexOfMagic(stream, position);
			if (magic < 0) {
				int begun = magicBegunAtEnd(stream, position);
				skip(transcript, stream.length - position - begun);
				return (begun > 0) ? transcript.violation(ProtocolViolation.Kind.TRUNCATED) : transcript.end();
			}
			skip(transcript, magic - position);
			position = magic + HeadersCodec.MAGIC.length;
			if (stream.length - position < Integer.BYTES) {
				return transcript.violation(ProtocolViolation.Kind.TRUNCATED);
			}
			int length = ByteBuffer.wrap(stream, position, Integer.BYTES).getInt();
			position += Integer.BYTES;
			if (length < 0) {
				return transcript.violation(ProtocolViolation.Kind.NEGATIVE_LENGTH);
			}
			if (length > maxLength) {
				return transcript.violation(ProtocolViolation.Kind.OVERSIZE);
			}
			if (stream.length - position < length) {
				return transcript.violation(ProtocolViolation.Kind.TRUNCATED);
			}
			transcript.frame(Arrays.copyOfRange(stream, position, position + length));
			position += length;
		}
	}

	private static void skip(Transcript transcript, int count) {
		if (count > 0) {
			transcript.skipped(count);
		}
	}

	private static int indexOfMagic(byte[] stream, int from) {
		byte[] magic = HeadersCodec.MAGIC;
		for (int start = from; start + magic.length <= stream.length; start++) {
			if (Arrays.equals(stream, start, start + magic.length, magic, 0, magic.length)) {
				return start;
			}
		}
		return -1;
	}

	/** How many of the last bytes after {@code from} are the start of a magic. */
	private static int magicBegunAtEnd(byte[] stream, int from) {
		byte[] magic = HeadersCodec.MAGIC;
		for (int length = Math.min(magic.length - 1, stream.length - from); length > 0; length--) {
			if (Arrays.equals(stream, stream.length - length, stream.length, magic, 0, length)) {
				return length;
			}
		}
		return 0;
	}

}
