package org.ackgate.journal.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ackgate journal}: the parent of the reader commands; alone, it is a usage error. */
@Command(name = "journal", mixinStandardHelpOptions = true,
		description = { "Read ackgate's journal files (docs/journal.md), also while the service writes them.",
				"Exit status: 0 success, 1 a corrupt record or an unreadable journal (one line on stderr), 2 bad usage." },
		commandListHeading = "%nCommands:%n")
final class JournalCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		throw new ParameterException(this.spec.commandLine(), "missing command: dump, tail or stats");
	}

}
