package org.ackgate.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.awaitility.Awaitility.await;

/**
 * A real load balancer (HAProxy or nginx {@code stream}) run by a test as a child process, in the
 * foreground, on a loopback port, with a configuration the test generated. It is started with a
 * bounded wait for its port, and stopped (and waited for) on close. Where the binary is missing
 * the test is skipped, saying which binary and which package provides it.
 */
public abstract class Balancer implements AutoCloseable {

	/** How long a balancer may take to listen; generous, as the machine is shared. */
	static final Duration STARTUP = Duration.ofSeconds(20);

	private final Process process;

	private final Path directory;

	private final int port;

	private final String host;

	protected Balancer(List<String> command, Path directory, String host, int port) throws IOException {
		this.directory = directory;
		this.host = host;
		this.port = port;
		this.process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("output.log").toFile())
			.start();
		try {
			await("balancer listening on " + host + ":" + port).atMost(STARTUP)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> {
					if (!this.process.isAlive()) {
						throw new IllegalStateException("the balancer exited with " + this.process.exitValue() + ":\n" + output());
					}
					return listening(port);
				});
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/** Skips the calling test, saying why, when {@code binary} is not installed. */
	protected static void assumeInstalled(Path binary, String debianPackages) {
		Assumptions.assumeTrue(Files.isExecutable(binary),
				binary + " is not installed (Debian: apt-get install " + debianPackages + "); .ci/run installs it");
	}

	protected static Path write(Path directory, String name, String text) throws IOException {
		return Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
	}

	/** Where clients connect: the balancer's listening port. */
	public int port() {
		return this.port;
	}

	/** The balancer's listening address, IPv6 without brackets. */
	public String host() {
		return this.host;
	}

	/** What the balancer wrote to its standard output and error, for failure messages. */
	public String output() {
		try {
			return Files.readString(this.directory.resolve("output.log"));
		}
		catch (IOException ex) {
			return "(no output: " + ex + ")";
		}
	}

	/** Whether the process still runs. */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The process id, to signal it (a reload, for example). */
	public long pid() {
		return this.process.pid();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/*
	 * Read from the kernel's socket tables rather than by connecting: a probe connection would go
	 * through to the service and show up in its connection counts and logs.
	 */
	private static boolean listening(int port) throws IOException {
		String local = ":%04X ".formatted(port);
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			Path path = Path.of(table);
			if (Files.isReadable(path)) {
				for (String line : Files.readAllLines(path)) {
					String[] fields = line.trim().split("\\s+");
					if (fields.length > 3 && (fields[1] + " ").endsWith(local) && fields[3].equals("0A")) {
						return true;
					}
				}
			}
		}
		return false;
	}

}
