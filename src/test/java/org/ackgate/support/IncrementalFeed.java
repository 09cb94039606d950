package org.ackgate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.ackgate.wire.FrameDecoder;
import org.ackgate.wire.FrameInput;
import org.ackgate.wire.IncrementalDecoder;
import org.ackgate.wire.ProtocolViolation;

/**
 * Drives an {@link IncrementalDecoder} as the event-loop transport does: each piece appended to
 * the unconsumed bytes, {@code next} called until it returns {@code null}, the buffer compacted,
 * and {@code endOfStream} with what is left when the pieces run out. Also decodes a stream with
 * a blocking {@link FrameDecoder}, so the two can be compared.
 */
public final class IncrementalFeed {

	private IncrementalFeed() {
	}

	/** The messages in hex, then {@code end} or {@code <kind>: <message>} of the violation. */
	public static List<String> incremental(IncrementalDecoder decoder, byte[] stream, int[] pieces, boolean direct) {
		List<String> decoded = new ArrayList<>();
		ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(stream.length) : ByteBuffer.allocate(stream.length);
		int offset = 0;
		try {
			for (int piece = 0; offset < stream.length; piece++) {
				int size = (piece < pieces.length) ? Math.min(pieces[piece], stream.length - offset) : stream.length - offset;
				buffer.put(stream, offset, size);
				offset += size;
				buffer.flip();
				byte[] message;
				while ((message = decoder.next(buffer)) != null) {
					decoded.add(HexFormat.of().formatHex(message));
				}
				buffer.compact();
			}
			buffer.flip();
			decoder.endOfStream(buffer);
			decoded.add("end");
		}
		catch (ProtocolViolation violation) {
			decoded.add(describe(violation));
		}
		return decoded;
	}

	/** The same, from a blocking decoder reading the whole stream. */
	public static List<String> blocking(FrameDecoder decoder, byte[] stream) {
		List<String> decoded = new ArrayList<>();
		FrameInput input = FrameInput.buffered(new ChunkedInputStream(stream, Integer.MAX_VALUE), 8192, "p", count -> {
		});
		try {
			byte[] message;
			while ((message = decoder.decode(input)) != null) {
				decoded.add(HexFormat.of().formatHex(message));
			}
			decoded.add("end");
		}
		catch (ProtocolViolation violation) {
			decoded.add(describe(violation));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return decoded;
	}

	/** Every piece one byte: the slowest peer, and every cut there is. */
	public static int[] bytewise(byte[] stream) {
		int[] pieces = new int[stream.length];
		Arrays.fill(pieces, 1);
		return pieces;
	}

	private static String describe(ProtocolViolation violation) {
		return violation.kind().label() + ": " + violation.getMessage();
	}

}
