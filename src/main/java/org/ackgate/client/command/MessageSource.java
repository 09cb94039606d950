package org.ackgate.client.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * The messages of the line and framed commands: the arguments when there are any, else standard
 * input one line at a time (its terminator, LF or CR LF, dropped as the tutorial client's line scanner drops it),
 * read lazily so that an interactive user sees each ack before typing the next line.
 */
final class MessageSource {

	private final List<String> arguments;

	private final InputStream input;

	MessageSource(List<String> arguments, InputStream input) {
		this.arguments = arguments;
		this.input = input;
	}

	void forEach(Consumer<String> handler) {
		if (!this.arguments.isEmpty()) {
			this.arguments.forEach(handler);
			return;
		}
		BufferedReader lines = new BufferedReader(new InputStreamReader(this.input, StandardCharsets.UTF_8));
		try {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				handler.accept(line);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("reading standard input failed", ex);
		}
	}

}
