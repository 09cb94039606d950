package org.ackgate.journal.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import org.ackgate.journal.JournalCorruptException;

/**
 * Runs {@code ackgate journal <command> …}: exit 0 on success, 1 with one line on stderr for a
 * corrupt record or an unreadable journal, 2 for bad usage.
 */
public final class JournalCli {

	/** The first argument that selects the journal reader instead of the service. */
	public static final String COMMAND = "journal";

	private final PrintStream out;

	private final PrintStream err;

	private JournalCli(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** Whether the process's arguments ask for the journal reader rather than the service. */
	public static boolean isJournalInvocation(String[] args) {
		return args.length > 0 && COMMAND.equals(args[0]);
	}

	/** The process entry point: {@code args} start with {@code journal}; exits with the command's status. */
	public static void main(String[] args) {
		PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
				StandardCharsets.UTF_8);
		PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
				StandardCharsets.UTF_8);
		int status = execute(out, err, Arrays.copyOfRange(args, 1, args.length));
		out.flush();
		System.exit(status);
	}

	/**
	 * Runs a command in this process on the given streams (tests).
	 * @param args the arguments after {@code journal}
	 * @return the exit status
	 */
	public static int execute(PrintStream out, PrintStream err, String... args) {
		return new JournalCli(out, err).run(args);
	}

	private int run(String[] args) {
		CommandLine commandLine = new CommandLine(new JournalCommand())
			.addSubcommand(new CommandLine(new DumpCommand(this.out)))
			.addSubcommand(new CommandLine(new TailCommand(this.out)))
			.addSubcommand(new CommandLine(new StatsCommand(this.out)));
		commandLine.setCommandName("ackgate journal");
		commandLine.setOut(new PrintWriter(this.out, true));
		commandLine.setErr(new PrintWriter(this.err, true));
		commandLine.setParameterExceptionHandler(this::usageError);
		commandLine.setExecutionExceptionHandler(this::failure);
		return commandLine.execute(args);
	}

	private int usageError(ParameterException ex, String[] args) {
		this.err.println("ackgate: " + ex.getMessage());
		this.err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
		return CommandLine.ExitCode.USAGE;
	}

	private int failure(Exception ex, CommandLine command, ParseResult parseResult) {
		this.out.flush();
		Throwable cause = (ex instanceof UncheckedIOException unchecked) ? unchecked.getCause() : ex;
		String message;
		if (cause instanceof JournalCorruptException || cause instanceof JournalFailure) {
			message = cause.getMessage();
		}
		else if (cause instanceof IOException io) {
			message = "cannot read the journal: " + io;
		}
		else {
			message = "unexpected error: " + cause;
		}
		this.err.println("ackgate: " + message);
		return CommandLine.ExitCode.SOFTWARE;
	}

}
