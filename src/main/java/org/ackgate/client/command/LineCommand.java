package org.ackgate.client.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import org.ackgate.client.transport.ClientFailure;
import org.ackgate.client.transport.ClientTarget;
import org.ackgate.client.transport.TcpRequestReplyClient;
import org.ackgate.line.LineCodec;
import org.ackgate.wire.MessageLimits;

/** {@code client line}: the tutorial's line client — each message as a line, each ack printed as it comes. */
@Command(name = "line", sortOptions = false, mixinStandardHelpOptions = true,
		description = { "Send each MESSAGE, or each line of standard input when none is given, to a line-ack "
				+ "server and print each ack on its own line, in order (as the tutorial's line client does).",
				"Default port: " + LineCommand.DEFAULT_PORT + " (ackgate's line endpoint)." })
final class LineCommand implements Callable<Integer> {

	static final int DEFAULT_PORT = 8080;

	/** Longest ack read: the service's largest message plus room for any prefix. */
	static final int MAX_ACK_LENGTH = MessageLimits.MAX_MESSAGE_BYTES + 4096;

	private final ClientConsole console;

	@Mixin
	CommonOptions common;

	@Mixin
	TlsOptions tls;

	@Mixin
	ReconnectOptions reconnect;

	@Parameters(paramLabel = "MESSAGE", arity = "0..*", description = "Messages to send, one line each.")
	List<String> messages = new ArrayList<>();

	LineCommand(ClientConsole console) {
		this.console = console;
	}

	/*
	 * A TLS server answers plain text with an alert record (type 21, version 3.x, length 2), whose
	 * last byte, unexpected_message (10), happens to be a line feed: without this it reads as an ack.
	 */
	static boolean isTlsAlert(byte[] ack) {
		return ack.length == 6 && ack[0] == 0x15 && ack[1] == 0x03 && ack[3] == 0x00 && ack[4] == 0x02;
	}

	@Override
	public Integer call() {
		ClientTarget target = this.tls.apply(this.common.target(DEFAULT_PORT), this.console);
		for (String message : this.messages) {
			if (message.indexOf('\n') >= 0) {
				throw this.common.usage("a MESSAGE must not contain a line feed; give each line as its own argument");
			}
		}
		try (TcpRequestReplyClient client = new TcpRequestReplyClient(target, new LineCodec(MAX_ACK_LENGTH),
				this.reconnect.reconnects(this.common))) {
			client.connect();
			new MessageSource(this.messages, this.console.in()).forEach(message -> {
				byte[] ack = client.request((message + "\n").getBytes(StandardCharsets.UTF_8));
				if (target.tls() == null && isTlsAlert(ack)) {
					throw new ClientFailure(target.address() + " answered with a TLS alert: it speaks TLS (add --tls)");
				}
				this.console.out().println(new String(ack, StandardCharsets.UTF_8));
			});
		}
		return 0;
	}

}
