package org.ackgate.client.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.ackgate.client.transport.ClientTarget;
import org.ackgate.client.transport.HeadersAckDecoder;
import org.ackgate.client.transport.RawAckDecoder;
import org.ackgate.client.transport.TcpRequestReplyClient;
import org.ackgate.framed.AckFraming;
import org.ackgate.framed.HeadersCodec;
import org.ackgate.wire.FrameDecoder;

/**
 * {@code client framed}: the framed-ack tutorial's client — each message as one {@code Headers} frame, the ack
 * printed, then the raw {@code ok} receipt. One frame is in flight at a time, as in the tutorial.
 */
@Command(name = "framed", sortOptions = false, mixinStandardHelpOptions = true,
		description = { "Send each MESSAGE, or each line of standard input when none is given, as one "
				+ "\"Headers\" frame (magic, int32 big-endian length, payload), print each ack on its own line, "
				+ "and confirm it with the raw receipt \"ok\" (as the framed-ack tutorial's client does).",
				"Raw acks carry no boundary: the client reads exactly the bytes of --ack-text for each frame, "
						+ "however the acks are split or coalesced, and fails if the server sends anything else.",
				"Default port: " + FramedCommand.DEFAULT_PORT + " (ackgate's framed endpoint)." })
final class FramedCommand implements Callable<Integer> {

	static final int DEFAULT_PORT = 7373;

	static final byte[] RECEIPT = "ok".getBytes(StandardCharsets.US_ASCII);

	private final ClientConsole console;

	@Mixin
	CommonOptions common;

	@Mixin
	TlsOptions tls;

	@Mixin
	ReconnectOptions reconnect;

	@Parameters(paramLabel = "MESSAGE", arity = "0..*", description = "Messages to send, one frame each.")
	List<String> messages = new ArrayList<>();

	@Option(names = "--no-receipt", description = "Do not send the \"ok\" receipt after each ack.")
	boolean noReceipt;

	@Option(names = "--ack-framing", defaultValue = "raw", paramLabel = "raw|headers",
			description = "How the server writes acks: raw text (the tutorial's server, ackgate's default) or in Headers "
					+ "frames (default: ${DEFAULT-VALUE}).")
	AckFraming ackFraming;

	@Option(names = "--ack-text", defaultValue = "我收到了", paramLabel = "TEXT",
			description = "The raw ack the server writes; each ack is read as exactly these bytes "
					+ "(default: ${DEFAULT-VALUE}).")
	String ackText;

	FramedCommand(ClientConsole console) {
		this.console = console;
	}

	@Override
	public Integer call() {
		ClientTarget target = this.tls.apply(this.common.target(DEFAULT_PORT), this.console);
		if (this.ackText.isEmpty()) {
			throw this.common.usage("--ack-text must not be empty");
		}
		FrameDecoder acks = (this.ackFraming == AckFraming.HEADERS) ? new HeadersAckDecoder(LineCommand.MAX_ACK_LENGTH)
				: new RawAckDecoder(this.ackText);
		try (TcpRequestReplyClient client = new TcpRequestReplyClient(target, acks,
				this.reconnect.reconnects(this.common))) {
			client.connect();
			new MessageSource(this.messages, this.console.in()).forEach(message -> {
				byte[] ack = client.request(HeadersCodec.encode(message.getBytes(StandardCharsets.UTF_8)));
				this.console.out().println(new String(ack, StandardCharsets.UTF_8));
				if (!this.noReceipt) {
					client.send(RECEIPT);
				}
			});
		}
		return 0;
	}

}
