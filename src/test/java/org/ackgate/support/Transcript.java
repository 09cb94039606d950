package org.ackgate.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.ackgate.wire.FrameDecoder;
import org.ackgate.wire.FrameInput;
import org.ackgate.wire.ProtocolViolation;

/**
 * What a decoder made of a stream, one line per event — {@code frame <hex>}, {@code receipt},
 * {@code skipped <n>} — and how the stream ended: {@code end} or {@code violation <kind>}. Two
 * transcripts are equal when the decodings are, and a failed comparison shows where they part.
 */
public final class Transcript {

	private final List<String> lines = new ArrayList<>();

	/**
	 * Decodes until the stream ends or the decoder reports a protocol violation; any other
	 * exception escapes, as it would from a connection's reading thread.
	 */
	public static Transcript decode(FrameDecoder decoder, FrameInput input, Transcript transcript) throws IOException {
		try {
			byte[] frame;
			while ((frame = decoder.decode(input)) != null) {
				transcript.frame(frame);
			}
			return transcript.end();
		}
		catch (ProtocolViolation violation) {
			return transcript.violation(violation.kind());
		}
	}

	public Transcript frame(byte[] payload) {
		this.lines.add("frame " + HexFormat.of().formatHex(payload));
		return this;
	}

	public Transcript receipt() {
		this.lines.add("receipt");
		return this;
	}

	public Transcript skipped(long count) {
		this.lines.add("skipped " + count);
		return this;
	}

	public Transcript end() {
		this.lines.add("end");
		return this;
	}

	public Transcript violation(ProtocolViolation.Kind kind) {
		this.lines.add("violation " + kind.label());
		return this;
	}

	public List<String> lines() {
		return List.copyOf(this.lines);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof Transcript transcript) && this.lines.equals(transcript.lines);
	}

	@Override
	public int hashCode() {
		return this.lines.hashCode();
	}

	@Override
	public String toString() {
		return String.join("\n", this.lines);
	}

}
