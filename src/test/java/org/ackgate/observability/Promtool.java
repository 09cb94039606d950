package org.ackgate.observability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus's own linter, {@code promtool check metrics}, when it is installed (Debian:
 * {@code apt-get install prometheus}); tests that need it are skipped, with that reason, where it
 * is not.
 */
public final class Promtool {

	private Promtool() {
	}

	/** What promtool said and how it exited. */
	public record Result(int exitCode, String output) {
	}

	/** Whether promtool is on the PATH. */
	public static boolean installed() {
		return find() != null;
	}

	public static void assumeInstalled() {
		Assumptions.assumeTrue(find() != null,
				"promtool is not on the PATH (install it with: apt-get install -y --no-install-recommends prometheus)");
	}

	public static Result checkMetrics(String exposition) throws IOException, InterruptedException {
		return runWithInput(exposition, "check", "metrics");
	}

	public static Result run(String... args) throws IOException, InterruptedException {
		return runWithInput("", args);
	}

	private static Result runWithInput(String input, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(find().toString());
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (OutputStream in = process.getOutputStream()) {
			in.write(input.getBytes(StandardCharsets.UTF_8));
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("promtool did not finish within 30 s");
		}
		return new Result(process.exitValue(), output);
	}

	private static Path find() {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(directory, "promtool");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

}
