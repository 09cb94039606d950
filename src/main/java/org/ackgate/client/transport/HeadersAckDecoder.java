package org.ackgate.client.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.ackgate.framed.HeadersCodec;
import org.ackgate.wire.FrameDecoder;
import org.ackgate.wire.FrameInput;
import org.ackgate.wire.ProtocolViolation;

/**
 * Reads acks framed as {@code Headers} frames (the framed endpoint's {@code ack-framing: headers}),
 * strictly: the service's codec skips bytes before a magic to resynchronise with sloppy clients,
 * but a server has no reason to send anything outside a frame, so the first byte that breaks the
 * frame fails the read at once instead of waiting for a magic that may never come.
 */
public final class HeadersAckDecoder implements FrameDecoder {

	/** The frame header as the service's codec writes it: the magic, then the length. */
	private static final byte[] MAGIC = magic();

	private final int maxLength;

	public HeadersAckDecoder(int maxLength) {
		this.maxLength = maxLength;
	}

	/**
	 * @return the ack's payload, or {@code null} when the stream ended cleanly between frames
	 * @throws UnexpectedReplyException when the bytes are not a frame
	 * @throws ProtocolViolation for a negative or oversize length, or a stream that ends inside a frame
	 */
	@Override
	public byte[] decode(FrameInput input) throws IOException {
		for (int matched = 0; matched < MAGIC.length; matched++) {
			int next = input.read();
			if (next < 0) {
				if (matched == 0) {
					return null;
				}
				throw new ProtocolViolation(ProtocolViolation.Kind.TRUNCATED, "stream ended inside a frame's magic");
			}
			if ((byte) next != MAGIC[matched]) {
				byte[] received = Arrays.copyOf(MAGIC, matched + 1);
				received[matched] = (byte) next;
				throw new UnexpectedReplyException("expected a Headers frame", received);
			}
		}
		int length = ByteBuffer.wrap(input.readExactly(Integer.BYTES)).getInt();
		if (length < 0) {
			throw new ProtocolViolation(ProtocolViolation.Kind.NEGATIVE_LENGTH, "ack frame length " + length + " is negative");
		}
		if (length > this.maxLength) {
			throw new ProtocolViolation(ProtocolViolation.Kind.OVERSIZE,
					"ack frame length " + length + " exceeds the maximum of " + this.maxLength + " bytes");
		}
		return input.readExactly(length);
	}

	private static byte[] magic() {
		byte[] emptyFrame = HeadersCodec.encode(new byte[0]);
		return Arrays.copyOf(emptyFrame, emptyFrame.length - Integer.BYTES);
	}

}
