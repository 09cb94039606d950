package org.ackgate.client.command;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.ackgate.client.transport.ClientTarget;
import org.ackgate.client.transport.UdpRequestClient;

/** {@code client udp-time}: the tutorial's UDP time client — one datagram, the time that comes back. */
@Command(name = "udp-time", sortOptions = false, mixinStandardHelpOptions = true,
		description = { "Send one datagram to a UDP time server and print the reply; send it again, up to "
				+ "--retries more times, when no reply comes within --timeout (as the tutorial's UDP time client does).",
				"Default port: " + UdpTimeCommand.DEFAULT_PORT + " (ackgate's UDP endpoint)." })
final class UdpTimeCommand implements Callable<Integer> {

	static final int DEFAULT_PORT = 8123;

	private final ClientConsole console;

	@Mixin
	CommonOptions common;

	@Option(names = "--message", defaultValue = "获取时间", paramLabel = "TEXT",
			description = "What the datagram carries; any content gets the time (default: ${DEFAULT-VALUE}).")
	String message;

	@Option(names = "--retries", defaultValue = "2", paramLabel = "N",
			description = "How many more times to send when no reply came (default: ${DEFAULT-VALUE}).")
	int retries;

	UdpTimeCommand(ClientConsole console) {
		this.console = console;
	}

	@Override
	public Integer call() {
		ClientTarget target = this.common.target(DEFAULT_PORT);
		if (this.retries < 0) {
			throw this.common.usage("--retries must not be negative, was " + this.retries);
		}
		try (UdpRequestClient client = new UdpRequestClient(target)) {
			byte[] reply = client.request(this.message.getBytes(StandardCharsets.UTF_8), this.retries);
			this.console.out().println(new String(reply, StandardCharsets.UTF_8));
		}
		return 0;
	}

}
