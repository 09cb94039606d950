package org.ackgate.client;

import org.junit.jupiter.api.Test;

import org.ackgate.client.command.ClientCli;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line itself: dispatch, help and every usage error, none of which opens a socket. */
class ClientCliTests {

	@Test
	void onlyAFirstArgumentOfClientSelectsTheClient() {
		assertThat(ClientCli.isClientInvocation(new String[] { "client", "line" })).isTrue();
		assertThat(ClientCli.isClientInvocation(new String[] {})).isFalse();
		assertThat(ClientCli.isClientInvocation(new String[] { "--ackgate.line.port=0", "client" })).isFalse();
	}

	@Test
	void helpGoesToStdoutWithStatusZero() {
		ClientRun run = ClientRun.of("--help");
		assertThat(run.status()).isZero();
		assertThat(run.out()).startsWith("Usage: ackgate client [-hV] [COMMAND]")
			.contains("dial", "line", "framed", "time", "udp-time", "bench");
		assertThat(run.err()).isEmpty();
		for (String command : new String[] { "dial", "line", "framed", "time", "udp-time", "bench" }) {
			ClientRun commandHelp = ClientRun.of(command, "--help");
			assertThat(commandHelp.status()).isZero();
			assertThat(commandHelp.out()).startsWith("Usage: ackgate client " + command).contains("--timeout");
		}
	}

	@Test
	void noCommandIsAUsageError() {
		assertUsageError(ClientRun.of(), "ackgate: missing command: dial, line, framed, time, udp-time or bench",
				"ackgate client");
	}

	@Test
	void anUnknownCommandIsNamed() {
		assertUsageError(ClientRun.of("ping"),
				"ackgate: unknown command 'ping' (commands: dial, line, framed, time, udp-time, bench)", "ackgate client");
	}

	@Test
	void unknownOptionsAndBadValuesAreUsageErrors() {
		assertUsageError(ClientRun.of("line", "--bogus", "x"), "ackgate: Unknown option: '--bogus'", "ackgate client line");
		assertUsageError(ClientRun.of("line", "--timeout", "soon", "x"),
				"ackgate: Invalid value for option '--timeout': 'soon' is not a duration (examples: 250ms, 5s, 1.5s, 2m)",
				"ackgate client line");
		assertUsageError(ClientRun.of("framed", "--ack-framing", "json", "x"),
				"ackgate: Invalid value for option '--ack-framing': expected one of [RAW, HEADERS] (case-insensitive) but was 'json'",
				"ackgate client framed");
	}

	@Test
	void portsAndTimeoutsAreChecked() {
		assertUsageError(ClientRun.of("line", "--port", "70000", "x"), "ackgate: --port must be between 1 and 65535, was 70000",
				"ackgate client line");
		assertUsageError(ClientRun.of("dial", "--port", "0"), "ackgate: --port must be between 1 and 65535, was 0",
				"ackgate client dial");
		assertUsageError(ClientRun.of("time", "--timeout", "0s"), "ackgate: --timeout must be longer than 0",
				"ackgate client time");
	}

	@Test
	void commandSpecificChecks() {
		assertUsageError(ClientRun.of("line", "a\nb"),
				"ackgate: a MESSAGE must not contain a line feed; give each line as its own argument", "ackgate client line");
		assertUsageError(ClientRun.of("framed", "--ack-text", "", "x"), "ackgate: --ack-text must not be empty",
				"ackgate client framed");
		assertUsageError(ClientRun.of("udp-time", "--retries", "-1"), "ackgate: --retries must not be negative, was -1",
				"ackgate client udp-time");
		assertUsageError(ClientRun.of("line", "--max-reconnects", "-1", "x"),
				"ackgate: --max-reconnects must not be negative, was -1", "ackgate client line");
		assertUsageError(ClientRun.of("bench", "--max-reconnects", "-2"),
				"ackgate: --max-reconnects must not be negative, was -2", "ackgate client bench");
		assertUsageError(ClientRun.of("dial", "--send", "bad\\q"),
				"ackgate: --send: unknown escape '\\q' (use \\r, \\n, \\t, \\0, \\\\ or \\xHH)", "ackgate client dial");
	}

	@Test
	void benchChecks() {
		assertUsageError(ClientRun.of("bench", "--connections", "0"), "ackgate: --connections must be at least 1",
				"ackgate client bench");
		assertUsageError(ClientRun.of("bench", "--pipeline", "0"), "ackgate: --pipeline must be between 1 and 65536",
				"ackgate client bench");
		assertUsageError(ClientRun.of("bench", "--protocol", "udp", "--size", "0"),
				"ackgate: --size must be between 1 and 65507 bytes for udp", "ackgate client bench");
		assertUsageError(ClientRun.of("bench", "--engine", "gateway", "--pipeline", "4"),
				"ackgate: --engine gateway has one message in flight per connection; use --pipeline 1",
				"ackgate client bench");
		assertUsageError(ClientRun.of("bench", "--size", "lots"),
				"ackgate: Invalid value for option '--size': 'lots' is not a size (examples: 64, 512B, 16KB)",
				"ackgate client bench");
	}

	private static void assertUsageError(ClientRun run, String firstLine, String command) {
		assertThat(run.status()).isEqualTo(2);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).isEqualTo(firstLine + System.lineSeparator() + "Try '" + command
				+ " --help' for more information." + System.lineSeparator());
	}

}
