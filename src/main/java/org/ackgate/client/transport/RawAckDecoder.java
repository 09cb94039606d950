package org.ackgate.client.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.ackgate.wire.FrameDecoder;
import org.ackgate.wire.FrameInput;
import org.ackgate.wire.ProtocolViolation;

/**
 * Reads the framed-ack tutorial server's raw acks, which carry no boundary, by the one rule that survives any TCP
 * segmentation: the client knows the ack text, so an ack is exactly its bytes. However the acks
 * arrive — split inside a character, or several in one segment — each call consumes exactly one
 * ack and leaves the next in the buffer. Bytes that diverge from the expected ack end the
 * conversation: after them no boundary can be trusted.
 */
public final class RawAckDecoder implements FrameDecoder {

	/** How much of a divergent reply is kept for the error message. */
	static final int PREVIEW_BYTES = 256;

	private final byte[] expected;

	public RawAckDecoder(byte[] expected) {
		if (expected.length == 0) {
			throw new IllegalArgumentException("the expected ack must not be empty");
		}
		this.expected = expected.clone();
	}

	public RawAckDecoder(String expected) {
		this(expected.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @return the ack (always the expected bytes), or {@code null} when the stream ended cleanly
	 * before an ack began
	 * @throws ProtocolViolation {@code TRUNCATED} when the stream ended inside an ack
	 * @throws UnexpectedReplyException when a byte differs from the expected ack
	 */
	@Override
	public byte[] decode(FrameInput input) throws IOException {
		for (int matched = 0; matched < this.expected.length; matched++) {
			int next = input.read();
			if (next < 0) {
				if (matched == 0) {
					return null;
				}
				throw new ProtocolViolation(ProtocolViolation.Kind.TRUNCATED,
						"stream ended after " + matched + " of the ack's " + this.expected.length + " bytes");
			}
			if ((byte) next != this.expected[matched]) {
				throw new UnexpectedReplyException("expected the ack \"" + text() + "\"",
						divergent(input, matched, (byte) next));
			}
		}
		return this.expected.clone();
	}

	private byte[] divergent(FrameInput input, int matched, byte wrong) throws IOException {
		byte[] received = Arrays.copyOf(this.expected, matched + 1);
		received[matched] = wrong;
		if (input.available() > 0) {
			byte[] more = input.readAvailable(PREVIEW_BYTES);
			if (more != null) {
				byte[] all = Arrays.copyOf(received, received.length + more.length);
				System.arraycopy(more, 0, all, received.length, more.length);
				return all;
			}
		}
		return received;
	}

	private String text() {
		return new String(this.expected, StandardCharsets.UTF_8);
	}

}
