package org.ackgate.client.command;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.ackgate.client.transport.ClientFailure;
import org.ackgate.client.transport.ClientTarget;
import org.ackgate.client.transport.TcpStreamClient;

/**
 * {@code client dial}: the tutorial's {@code Dial}/{@code DialTimeout} — connect within the timeout and
 * say how long it took; with {@code --send}, the tutorial's HTTP-over-TCP example: write the text and
 * copy what comes back to stdout until the server closes or the timeout passes.
 */
@Command(name = "dial", sortOptions = false, mixinStandardHelpOptions = true,
		description = { "Connect within --timeout and print \"connected to HOST:PORT in N ms\"; a refused or "
				+ "timed-out connect is reported on stderr with exit status 1 (the tutorial's Dial and DialTimeout in Go).",
				"With --send, write TEXT once connected and copy whatever comes back to stdout, byte for byte, "
						+ "until the server closes or --timeout has passed; the \"connected\" line then goes to stderr.",
				"Default port: " + LineCommand.DEFAULT_PORT + "." })
final class DialCommand implements Callable<Integer> {

	private final ClientConsole console;

	@Mixin
	CommonOptions common;

	@Mixin
	TlsOptions tls;

	@Option(names = "--send", paramLabel = "TEXT",
			description = "Text to write once connected, e.g. 'GET / HTTP/1.0\\r\\n\\r\\n'; \\r, \\n, \\t, \\0, "
					+ "\\\\ and \\xHH are escapes.")
	String send;

	DialCommand(ClientConsole console) {
		this.console = console;
	}

	@Override
	public Integer call() {
		ClientTarget target = this.tls.apply(this.common.target(LineCommand.DEFAULT_PORT), this.console);
		byte[] request = (this.send != null) ? SendOption.bytes(this.common, "--send", this.send) : null;
		try (TcpStreamClient client = new TcpStreamClient(target)) {
			Duration took = client.connect();
			String connected = "connected to " + target.address() + " in " + millis(took) + " ms";
			if (request == null) {
				this.console.out().println(connected);
				return 0;
			}
			this.console.err().println(connected);
			if (!client.send(request)) {
				// A server that talks first and closes (a time server) is answered by what it sent.
				this.console.err().println(target.address() + " closed the connection before --send was written");
			}
			long received = 0;
			long deadline = System.nanoTime() + target.timeout().toNanos();
			try {
				while (!client.isClosed()) {
					long remaining = deadline - System.nanoTime();
					if (remaining <= 0) {
						break;
					}
					byte[] chunk = client.read(Duration.ofNanos(remaining));
					if (chunk != null) {
						this.console.out().write(chunk, 0, chunk.length);
						this.console.out().flush();
						received += chunk.length;
					}
				}
			}
			catch (ClientFailure ex) {
				if (received == 0) {
					throw ex;
				}
				// The server answered, then reset the connection (as servers that close with unread input do).
				this.console.err().println(ex.getMessage() + " after " + received + " bytes");
			}
		}
		return 0;
	}

	static String millis(Duration duration) {
		return String.format(Locale.ROOT, "%.1f", duration.toNanos() / 1_000_000.0);
	}

}
