package org.ackgate.client.bench;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.ackgate.client.command.ClientConsole;
import org.ackgate.client.command.CommonOptions;
import org.ackgate.client.command.DurationConverter;
import org.ackgate.client.command.ReconnectOptions;
import org.ackgate.client.command.TlsOptions;
import org.ackgate.client.transport.ClientFailure;
import org.ackgate.client.transport.ClientTarget;
import org.ackgate.framed.AckFraming;
import org.ackgate.wire.MessageLimits;

/** {@code client bench}: load on the line, framed or UDP time endpoint, every ack checked. */
@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true,
		description = { "Load a line-ack, framed-ack or UDP time server from many connections and report "
				+ "messages/s and latency percentiles; every ack is checked byte for byte and in order "
				+ "(UDP replies: that they are a time).",
				"Progress goes to stderr every second; the summary (or --json) to stdout. Exit status 1 when "
						+ "any message was lost or mismatched or a connection failed.",
				"Default port: the protocol's endpoint (line 8080, framed 7373, udp 8123)." })
public final class BenchCommand implements Callable<Integer> {

	private static final int MAX_UDP_PAYLOAD = 65507;

	private final ClientConsole console;

	@Mixin
	CommonOptions common;

	@Mixin
	TlsOptions tls;

	@Mixin
	ReconnectOptions reconnect;

	@Option(names = "--protocol", defaultValue = "line", paramLabel = "line|framed|udp",
			description = "What to load (default: ${DEFAULT-VALUE}).")
	BenchProtocol protocol;

	@Option(names = "--connections", defaultValue = "16", paramLabel = "N",
			description = "Connections (UDP: sockets) at once (default: ${DEFAULT-VALUE}).")
	int connections;

	@Option(names = "--messages", paramLabel = "N",
			description = "Messages per connection (default: 1000, or no limit with --duration).")
	Long messages;

	@Option(names = "--size", defaultValue = "64", paramLabel = "BYTES", converter = SizeConverter.class,
			description = "Payload bytes per message, e.g. 64, 16KB (default: ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
			description = "Stop sending after this long, e.g. 10s; with --messages, whichever comes first.")
	Duration duration;

	@Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class,
			description = "First run the same load for this long on connections of its own, and discard its "
					+ "figures (the server's JIT and pools warm up); a failure during it still fails the run.")
	Duration warmup;

	@Option(names = "--pipeline", defaultValue = "1", paramLabel = "N",
			description = "Messages in flight per connection (default: ${DEFAULT-VALUE}).")
	int pipeline;

	@Option(names = "--json", description = "Print the summary as one JSON object.")
	boolean json;

	@Option(names = "--no-progress", description = "Print no progress lines.")
	boolean noProgress;

	@Option(names = "--threads", paramLabel = "N",
			description = "Event-loop threads of the socket engine (default: the number of processors).")
	Integer threads;

	@Option(names = "--engine", defaultValue = "socket", paramLabel = "socket|gateway",
			description = "socket: non-blocking sockets on a few threads, plain TCP only; gateway: a "
					+ "TcpOutboundGateway and a thread per connection, pipeline 1, TLS with --tls (default: ${DEFAULT-VALUE}).")
	BenchEngine engine;

	@Option(names = "--ack-prefix", defaultValue = "已接收: ", paramLabel = "TEXT",
			description = "line: the text before the echoed line in each ack (default: ${DEFAULT-VALUE}).")
	String ackPrefix;

	@Option(names = "--ack-text", defaultValue = "我收到了", paramLabel = "TEXT",
			description = "framed: the ack text (default: ${DEFAULT-VALUE}).")
	String ackText;

	@Option(names = "--ack-framing", defaultValue = "raw", paramLabel = "raw|headers",
			description = "framed: how the server writes acks (default: ${DEFAULT-VALUE}).")
	AckFraming ackFraming;

	@Option(names = "--receipt", description = "framed: send the \"ok\" receipt after each ack, as the framed-ack tutorial's client does.")
	boolean receipt;

	public BenchCommand(ClientConsole console) {
		this.console = console;
	}

	@Override
	public Integer call() throws InterruptedException {
		BenchSettings settings = settings();
		if (this.warmup != null) {
			warmUp(settings);
		}
		BenchRunner runner = new BenchRunner(settings, Duration.ofSeconds(1),
				this.noProgress ? null : this.console.err()::println);
		BenchResult result = runner.run();
		this.console.out().print(this.json ? BenchReport.json(result) + System.lineSeparator() : BenchReport.text(result));
		this.console.out().flush();
		if (!result.clean()) {
			throw new ClientFailure("bench: " + result.lost() + " lost, " + result.mismatched() + " mismatched, "
					+ result.errors() + " connection errors"
					+ ((result.firstError() != null) ? " (first: " + result.firstError() + ")" : ""));
		}
		return 0;
	}

	private void warmUp(BenchSettings settings) throws InterruptedException {
		BenchResult warmup = new BenchRunner(settings.withLimits(0, this.warmup), Duration.ofSeconds(1), null).run();
		if (!this.noProgress) {
			this.console.err().printf("warm-up: %d acked in %.1f s%n", warmup.acked(), warmup.elapsedSeconds());
		}
		if (!warmup.clean()) {
			throw new ClientFailure("bench warm-up: " + warmup.lost() + " lost, " + warmup.mismatched()
					+ " mismatched, " + warmup.errors() + " connection errors"
					+ ((warmup.firstError() != null) ? " (first: " + warmup.firstError() + ")" : ""));
		}
	}

	private BenchSettings settings() {
		ClientTarget target = this.tls.apply(this.common.target(this.protocol.defaultPort()), this.console);
		require(this.connections >= 1, "--connections must be at least 1");
		require(this.messages == null || this.messages >= 1, "--messages must be at least 1");
		require(this.duration == null || !this.duration.isZero(), "--duration must be longer than 0");
		require(this.warmup == null || !this.warmup.isZero(), "--warmup must be longer than 0");
		require(this.pipeline >= 1 && this.pipeline <= 65536, "--pipeline must be between 1 and 65536");
		require(this.threads == null || this.threads >= 1, "--threads must be at least 1");
		// The service's own bound, printed as its settings print a size ("16777216B").
		require(this.size <= MessageLimits.MAX_MESSAGE_BYTES,
				"--size must be at most " + MessageLimits.MAX_MESSAGE_BYTES + "B");
		if (this.protocol == BenchProtocol.UDP) {
			require(this.size >= 1 && this.size <= MAX_UDP_PAYLOAD, "--size must be between 1 and "
					+ MAX_UDP_PAYLOAD + " bytes for udp");
		}
		// TLS in the socket engine would need an SSLEngine per connection on its non-blocking loop.
		require(target.tls() == null || this.engine == BenchEngine.GATEWAY,
				"--tls needs --engine gateway (the socket engine speaks plain TCP only)");
		if (this.engine == BenchEngine.GATEWAY) {
			require(this.protocol != BenchProtocol.UDP, "--engine gateway drives TCP only");
			require(this.pipeline == 1, "--engine gateway has one message in flight per connection; use --pipeline 1");
		}
		require(!this.ackText.isEmpty(), "--ack-text must not be empty");
		long perConnection = (this.messages != null) ? this.messages : (this.duration != null ? 0 : 1000);
		int loopThreads = (this.threads != null) ? this.threads : Runtime.getRuntime().availableProcessors();
		return new BenchSettings(this.protocol, this.engine, target, this.connections, perConnection, this.size,
				(this.duration != null) ? this.duration : Duration.ZERO, this.pipeline, loopThreads, this.ackPrefix,
				this.ackText, this.ackFraming, this.receipt, this.reconnect.maxReconnects(this.common));
	}

	private void require(boolean condition, String message) {
		if (!condition) {
			throw this.common.usage(message);
		}
	}

}
