package org.ackgate.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** How a payload appears in a log line: escaped text when it is printable UTF-8, hex otherwise. */
public final class PayloadPreview {

	static final int TEXT_BYTES = 256;

	static final int HEX_BYTES = 64;

	private PayloadPreview() {
	}

	/** {@code text="..."} with control characters escaped, or {@code hex=...}; long payloads end in {@code …}. */
	public static String describe(byte[] payload) {
		int length = Math.min(payload.length, TEXT_BYTES);
		String more = (payload.length > length) ? "…" : "";
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(payload, 0, length))
				.toString();
			if (isPrintable(text)) {
				return "text=\"" + escape(text) + "\"" + more;
			}
		}
		catch (CharacterCodingException ex) {
			// Binary data, or a preview cut inside a multi-byte character: hex says it all.
		}
		int hexLength = Math.min(payload.length, HEX_BYTES);
		return "hex=" + HexFormat.of().formatHex(payload, 0, hexLength) + (payload.length > hexLength ? "…" : "");
	}

	private static boolean isPrintable(String text) {
		return text.codePoints().allMatch(c -> (c >= 0x20 && c != 0x7F) || c == '\t' || c == '\r' || c == '\n');
	}

	private static String escape(String text) {
		return text.replace("\\", "\\\\")
			.replace("\"", "\\\"")
			.replace("\r", "\\r")
			.replace("\n", "\\n")
			.replace("\t", "\\t");
	}

}
