package org.ackgate.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.ackgate.client.command.ClientCli;
import org.ackgate.client.command.ClientConsole;

/**
 * Runs a client command in this process on captured streams, as a user would run it from a shell.
 * @param status the exit status
 * @param out what went to stdout
 * @param err what went to stderr
 */
public record ClientRun(int status, String out, String err) {

	/** Runs {@code ackgate client <args>} with empty standard input. */
	public static ClientRun of(String... args) {
		return withInput(new ByteArrayInputStream(new byte[0]), args);
	}

	/** Runs {@code ackgate client <args>} reading {@code stdin}. */
	public static ClientRun withStdin(String stdin, String... args) {
		return withInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
	}

	public static ClientRun withInput(InputStream stdin, String... args) {
		return withInput(stdin, new ByteArrayOutputStream(), args);
	}

	/** Runs with a given stdout buffer, so a test can watch the output while the command runs. */
	public static ClientRun withInput(InputStream stdin, ByteArrayOutputStream out, String... args) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = ClientCli.execute(new ClientConsole(stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8)), args);
		return new ClientRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

}
