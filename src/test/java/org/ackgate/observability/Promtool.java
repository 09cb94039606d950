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

	/**
	 * For a test whose other checks stand without the lint: asserts that {@code promtool check metrics}
	 * finds nothing in the exposition, or says on the test's output that the lint did not run.
	 */
	public static void assertCleanIfInstalled(String exposition, String what) throws IOException, InterruptedException {
		if (!installed()) {
			System.err.println("promtool is not on the PATH: " + what + " was not linted (the test's other checks ran)");
			return;
		}
		Result lint = checkMetrics(exposition);
		org.assertj.core.api.Assertions.assertThat(lint.output()).as("promtool check metrics on %s", what).isEmpty();
		org.assertj.core.api.Assertions.assertThat(lint.exitCode()).as("promtool's exit code").isZero();
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
		// Its output goes to a file, so that the wait below bounds the run: reading a pipe to its end
		// would wait for promtool's exit, however long that took.
		Path outputFile = Files.createTempFile("promtool", ".out");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(outputFile.toFile())
				.start();
			try (OutputStream in = process.getOutputStream()) {
				in.write(input.getBytes(StandardCharsets.UTF_8));
			}
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("promtool did not finish within 30 s");
			}
			return new Result(process.exitValue(), Files.readString(outputFile, StandardCharsets.UTF_8).strip());
		}
		finally {
			Files.deleteIfExists(outputFile);
		}
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
