package org.ackgate.client.command;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The escapes a {@code --send} text may hold, so a request like the time-on-connect tutorial
 * client's {@code HEAD / HTTP/1.0\r\n\r\n} can be typed as the tutorials write it: {@code \r},
 * {@code \n}, {@code \t}, {@code \0}, {@code \\} and {@code \xHH} (one byte). Everything else is
 * sent as UTF-8.
 */
final class Escapes {

	private Escapes() {
	}

	/** @throws IllegalArgumentException naming the escape that is not one of the above */
	static byte[] unescape(String text) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length() + 8);
		int plainStart = 0;
		int i = 0;
		while (i < text.length()) {
			if (text.charAt(i) != '\\') {
				i++;
				continue;
			}
			bytes.writeBytes(text.substring(plainStart, i).getBytes(StandardCharsets.UTF_8));
			if (i + 1 >= text.length()) {
				throw new IllegalArgumentException("'\\' at the end of \"" + text + "\" escapes nothing");
			}
			char escaped = text.charAt(i + 1);
			i += 2;
			switch (escaped) {
				case 'n' -> bytes.write('\n');
				case 'r' -> bytes.write('\r');
				case 't' -> bytes.write('\t');
				case '0' -> bytes.write(0);
				case '\\' -> bytes.write('\\');
				case 'x' -> {
					if (i + 2 > text.length()) {
						throw new IllegalArgumentException("'\\x' needs two hex digits in \"" + text + "\"");
					}
					try {
						bytes.write(HexFormat.fromHexDigits(text, i, i + 2));
					}
					catch (IllegalArgumentException ex) {
						throw new IllegalArgumentException("'\\x" + text.substring(i, i + 2) + "' is not a hex byte");
					}
					i += 2;
				}
				default -> throw new IllegalArgumentException("unknown escape '\\" + escaped
						+ "' (use \\r, \\n, \\t, \\0, \\\\ or \\xHH)");
			}
			plainStart = i;
		}
		bytes.writeBytes(text.substring(plainStart).getBytes(StandardCharsets.UTF_8));
		return bytes.toByteArray();
	}

}
