package org.ackgate.client.command;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The streams a command talks to the user through: data on {@code out}, diagnostics on
 * {@code err}, both UTF-8 whatever the platform's locale (the acks are Chinese text).
 * @param in where message lines come from when none are given as arguments
 * @param out acks, time text, the bench summary: one item per line
 * @param err progress and the one-line failure report
 */
public record ClientConsole(InputStream in, PrintStream out, PrintStream err) {

	/** The process's own streams, in UTF-8, flushed at every line so interactive use sees each ack at once. */
	public static ClientConsole system() {
		return new ClientConsole(new FileInputStream(FileDescriptor.in),
				new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8),
				new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
	}

}
