package org.ackgate.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

import static org.awaitility.Awaitility.await;

/** {@code openssl s_client}, where installed: an independent TLS client with knobs the JDK lacks. */
final class Openssl {

	private static final Duration DEADLINE = Duration.ofSeconds(15);

	private Openssl() {
	}

	static void assumeInstalled() {
		boolean installed;
		try {
			Process version = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
			installed = version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
		}
		catch (IOException ex) {
			installed = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			installed = false;
		}
		Assumptions.assumeTrue(installed, "openssl is not installed");
	}

	/**
	 * Connects to 127.0.0.1:port, verifying against {@code caFile}, writes {@code input}, and
	 * collects what s_client prints until it exits or the server's answer has arrived.
	 */
	static Result sClient(int port, Path caFile, String input, String... options) throws IOException,
			InterruptedException {
		List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
				"-CAfile", caFile.toString(), "-verify_return_error", "-ign_eof"));
		command.addAll(List.of(options));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		Thread reader = new Thread(() -> copy(process.getInputStream(), output), "openssl-output");
		reader.setDaemon(true);
		reader.start();
		try (OutputStream stdin = process.getOutputStream()) {
			stdin.write(input.getBytes(StandardCharsets.UTF_8));
			stdin.flush();
			await().atMost(DEADLINE)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> !process.isAlive() || text(output).contains("已接收"));
		}
		catch (IOException ex) {
			// s_client exited before reading its input: a failed handshake
		}
		catch (ConditionTimeoutException ex) {
			// Neither an exit nor the answer: the caller's assertions on the output say what was missing.
		}
		finally {
			process.destroy();
			process.waitFor(5, TimeUnit.SECONDS);
			reader.join(5000);
		}
		return new Result(text(output));
	}

	private static String text(ByteArrayOutputStream output) {
		synchronized (output) {
			return output.toString(StandardCharsets.UTF_8);
		}
	}

	private static void copy(InputStream in, ByteArrayOutputStream out) {
		byte[] buffer = new byte[4096];
		try {
			for (int n; (n = in.read(buffer)) >= 0;) {
				synchronized (out) {
					out.write(buffer, 0, n);
				}
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	record Result(String output) {
	}

}
