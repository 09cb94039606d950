package org.ackgate.client.command;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ackgate client}: the parent of the client commands; alone, it is a usage error. */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = ClientCommand.Version.class,
		description = { "Talk to ackgate, or to any server that speaks the Go socket tutorials' protocols, without writing code.",
				"Data goes to stdout, diagnostics to stderr. Exit status: 0 success, 1 network or protocol "
						+ "failure (one line on stderr), 2 bad usage." },
		commandListHeading = "%nCommands:%n")
final class ClientCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		throw new ParameterException(this.spec.commandLine(),
				"missing command: dial, line, framed, time, udp-time or bench");
	}

	/** The version in the jar's manifest, when run from the jar. */
	static final class Version implements IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = ClientCommand.class.getPackage().getImplementationVersion();
			return new String[] { "ackgate " + ((version != null) ? version : "(development build)") };
		}

	}

}
