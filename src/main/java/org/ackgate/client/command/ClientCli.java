package org.ackgate.client.command;

import java.io.PrintWriter;
import java.util.Arrays;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import org.ackgate.client.bench.BenchCommand;
import org.ackgate.client.transport.ClientFailure;

/**
 * Runs {@code ackgate client <command> …}: builds the picocli command tree, maps failures to the
 * exit statuses of the output contract (0 success, 1 network or protocol failure reported in one
 * line, 2 bad usage) and keeps stack traces for {@code --verbose}.
 */
public final class ClientCli {

	/** The first argument that selects the client instead of the service. */
	public static final String COMMAND = "client";

	private final ClientConsole console;

	private final boolean ownsLogging;

	private ClientCli(ClientConsole console, boolean ownsLogging) {
		this.console = console;
		this.ownsLogging = ownsLogging;
	}

	/** Whether the process's arguments ask for the client rather than the service. */
	public static boolean isClientInvocation(String[] args) {
		return args.length > 0 && COMMAND.equals(args[0]);
	}

	/** The process entry point: {@code args} start with {@code client}; exits with the command's status. */
	public static void main(String[] args) {
		ClientLogging.quiet();
		int status = new ClientCli(ClientConsole.system(), true).run(Arrays.copyOfRange(args, 1, args.length));
		System.exit(status);
	}

	/**
	 * Runs a command in this process, on the given streams, leaving logging alone (for tests and
	 * for callers that embed the client).
	 * @param args the arguments after {@code client}
	 * @return the exit status
	 */
	public static int execute(ClientConsole console, String... args) {
		return new ClientCli(console, false).run(args);
	}

	private int run(String[] args) {
		CommandLine commandLine = new CommandLine(new ClientCommand())
			.addSubcommand(new CommandLine(new DialCommand(this.console)))
			.addSubcommand(new CommandLine(new LineCommand(this.console)))
			.addSubcommand(new CommandLine(new FramedCommand(this.console)))
			.addSubcommand(new CommandLine(new TimeCommand(this.console)))
			.addSubcommand(new CommandLine(new UdpTimeCommand(this.console)))
			.addSubcommand(new CommandLine(new BenchCommand(this.console)));
		commandLine.setCommandName("ackgate client");
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		commandLine.setOut(new PrintWriter(this.console.out(), true));
		commandLine.setErr(new PrintWriter(this.console.err(), true));
		commandLine.setParameterExceptionHandler(this::usageError);
		commandLine.setExecutionExceptionHandler(this::failure);
		commandLine.setExecutionStrategy(parseResult -> {
			if (this.ownsLogging && isVerbose(parseResult)) {
				ClientLogging.verbose();
			}
			return new CommandLine.RunLast().execute(parseResult);
		});
		return commandLine.execute(args);
	}

	private int usageError(ParameterException ex, String[] args) {
		CommandLine command = ex.getCommandLine();
		boolean unknownCommand = ex instanceof UnmatchedArgumentException unmatched && command.getParent() == null
				&& !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-");
		this.console.err().println("ackgate: " + (unknownCommand
				? "unknown command '" + ((UnmatchedArgumentException) ex).getUnmatched().get(0) + "' (commands: "
						+ String.join(", ", command.getSubcommands().keySet()) + ")"
				: ex.getMessage()));
		this.console.err().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
		return CommandLine.ExitCode.USAGE;
	}

	private int failure(Exception ex, CommandLine command, ParseResult parseResult) {
		String message = (ex instanceof ClientFailure) ? ex.getMessage() : "unexpected error: " + ex;
		this.console.err().println("ackgate: " + message);
		if (isVerbose(parseResult)) {
			ex.printStackTrace(this.console.err());
		}
		return CommandLine.ExitCode.SOFTWARE;
	}

	private static boolean isVerbose(ParseResult parseResult) {
		ParseResult last = parseResult;
		while (last.hasSubcommand()) {
			last = last.subcommand();
		}
		return last.hasMatchedOption("--verbose");
	}

}
