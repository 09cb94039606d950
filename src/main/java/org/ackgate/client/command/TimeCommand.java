package org.ackgate.client.command;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.ackgate.client.transport.ClientFailure;
import org.ackgate.client.transport.ClientTarget;
import org.ackgate.client.transport.TcpStreamClient;

/**
 * {@code client time}: the time-on-connect tutorials' clients — connect, read the time
 * the server writes, finish when it closes. A server that keeps the connection open (as one tutorial
 * server does) is closed by the client once it has been silent for {@code --close-after}.
 */
@Command(name = "time", sortOptions = false, mixinStandardHelpOptions = true,
		description = { "Connect to a time-on-connect server and print the time text it writes; finish when "
				+ "the server closes the connection (as the time-on-connect tutorials' clients do).",
				"A server that keeps the connection open after the time (as one tutorial's server does) is closed "
						+ "by the client once it has sent nothing for --close-after.",
				"Default port: " + TimeCommand.DEFAULT_PORT + " (ackgate's time endpoint)." })
final class TimeCommand implements Callable<Integer> {

	static final int DEFAULT_PORT = 8330;

	private final ClientConsole console;

	@Mixin
	CommonOptions common;

	@Mixin
	TlsOptions tls;

	@Option(names = "--send", paramLabel = "TEXT",
			description = "Also send TEXT once the time has arrived, as the tutorial's HTTP-style client sends a request; "
					+ "\\r, \\n, \\t, \\0, \\\\ and \\xHH are escapes.")
	String send;

	@Option(names = "--close-after", defaultValue = "1s", paramLabel = "DURATION", converter = DurationConverter.class,
			description = "When the server keeps the connection open, close it after this long without data "
					+ "(default: ${DEFAULT-VALUE}).")
	Duration closeAfter;

	TimeCommand(ClientConsole console) {
		this.console = console;
	}

	@Override
	public Integer call() {
		ClientTarget target = this.tls.apply(this.common.target(DEFAULT_PORT), this.console);
		byte[] request = (this.send != null) ? SendOption.bytes(this.common, "--send", this.send) : null;
		ByteArrayOutputStream text = new ByteArrayOutputStream();
		try (TcpStreamClient client = new TcpStreamClient(target)) {
			client.connect();
			byte[] first = client.read(target.timeout());
			if (first == null) {
				throw new ClientFailure(client.isClosed()
						? target.address() + " closed the connection without sending the time"
						: "no time from " + target.address() + " within " + target.timeoutText());
			}
			text.writeBytes(first);
			try {
				readRest(client, request, text, System.nanoTime() + target.timeout().toNanos());
			}
			catch (ClientFailure ex) {
				// The time has arrived. A server that closes right after it (ackgate's, like the daytime-style
				// tutorial server) answers a request that reaches it closed with a reset: it has still told the time.
				this.console.err().println(ex.getMessage() + " after the time");
			}
		}
		String time = text.toString(StandardCharsets.UTF_8);
		this.console.out().println(time.endsWith("\n") ? time.substring(0, time.length() - 1) : time);
		return 0;
	}

	/** Sends the request, if any, then reads until the server closes or falls silent for --close-after. */
	private void readRest(TcpStreamClient client, byte[] request, ByteArrayOutputStream text, long deadline) {
		if (request != null) {
			// A server that has closed after the time (ackgate's, like the daytime-style tutorial server) has no use for it.
			client.send(request);
		}
		byte[] more = client.read(this.closeAfter);
		while (more != null) {
			text.writeBytes(more);
			more = (System.nanoTime() - deadline < 0) ? client.read(this.closeAfter) : null;
		}
	}

}
