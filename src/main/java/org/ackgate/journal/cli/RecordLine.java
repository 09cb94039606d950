package org.ackgate.journal.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.ackgate.journal.JournalRecord;

/**
 * One record as one line: offset, receive time (ISO-8601, UTC), endpoint, peer and the payload
 * in double quotes as escaped UTF-8: {@code \\}, {@code \"}, {@code \n}, {@code \r}, {@code \t},
 * and {@code \xHH} for other control bytes and bytes that are not UTF-8.
 */
final class RecordLine {

	private RecordLine() {
	}

	static String format(JournalRecord record) {
		return record.offset() + " " + record.receivedAt() + " " + record.endpoint() + " " + record.peer() + " \""
				+ escape(record.payload()) + "\"";
	}

	static String escape(byte[] bytes) {
		StringBuilder text = new StringBuilder(bytes.length + 8);
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		int i = 0;
		while (i < bytes.length) {
			int b = bytes[i] & 0xFF;
			int length = (b < 0x80) ? 1 : (b >= 0xF0) ? 4 : (b >= 0xE0) ? 3 : (b >= 0xC0) ? 2 : 0;
			if (length == 1) {
				appendAscii(text, b);
				i++;
				continue;
			}
			if (length > 0 && i + length <= bytes.length) {
				try {
					text.append(decoder.reset().decode(ByteBuffer.wrap(bytes, i, length)));
					i += length;
					continue;
				}
				catch (CharacterCodingException ex) {
					// Not a character: escaped byte by byte below.
				}
			}
			text.append(String.format("\\x%02X", b));
			i++;
		}
		return text.toString();
	}

	private static void appendAscii(StringBuilder text, int b) {
		switch (b) {
			case '\\' -> text.append("\\\\");
			case '"' -> text.append("\\\"");
			case '\n' -> text.append("\\n");
			case '\r' -> text.append("\\r");
			case '\t' -> text.append("\\t");
			default -> {
				if (b < 0x20 || b == 0x7F) {
					text.append(String.format("\\x%02X", b));
				}
				else {
					text.append((char) b);
				}
			}
		}
	}

}
