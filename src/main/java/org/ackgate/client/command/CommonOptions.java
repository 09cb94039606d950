package org.ackgate.client.command;

import java.time.Duration;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import org.ackgate.client.transport.ClientTarget;

/** The options every command shares: where to connect, how long to wait, how much to say. */
public final class CommonOptions {

	@Spec(Spec.Target.MIXEE)
	CommandSpec command;

	@Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
			description = "Server host name or address (default: ${DEFAULT-VALUE}).")
	String host;

	@Option(names = "--port", paramLabel = "PORT",
			description = "Server port (default: the endpoint's port, see above).")
	Integer port;

	@Option(names = "--timeout", defaultValue = "5s", paramLabel = "DURATION", converter = DurationConverter.class,
			description = "Bound on the connect and on each reply, e.g. 500ms, 5s (default: ${DEFAULT-VALUE}).")
	Duration timeout;

	@Option(names = { "-v", "--verbose" },
			description = "Log the client's internals on stderr and print stack traces of failures.")
	boolean verbose;

	/**
	 * The target the options describe.
	 * @throws ParameterException (exit status 2) for a port out of range or a zero timeout
	 */
	public ClientTarget target(int defaultPort) {
		int chosen = (this.port != null) ? this.port : defaultPort;
		if (chosen < 1 || chosen > 65535) {
			throw usage("--port must be between 1 and 65535, was " + chosen);
		}
		if (this.timeout.isZero()) {
			throw usage("--timeout must be longer than 0");
		}
		return new ClientTarget(this.host, chosen, this.timeout);
	}

	/** A usage error of the command these options belong to: exit status 2. */
	public ParameterException usage(String message) {
		return new ParameterException(this.command.commandLine(), message);
	}

}
