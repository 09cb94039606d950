package org.ackgate.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ackgate.AckgateApplication;

/**
 * The service as a separate JVM on this test's class path, the line endpoint on a free loopback
 * port read back from its "listening" log line; {@link #kill()} is {@code kill -9}.
 */
final class ServiceProcess implements AutoCloseable {

	private static final Pattern LISTENING = Pattern.compile("line endpoint listening on TCP \\S*:(\\d+)");

	private final Process process;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Integer> linePort = new CompletableFuture<>();

	private ServiceProcess(Process process) {
		this.process = process;
		Thread reader = new Thread(this::readOutput, "service-output-" + process.pid());
		reader.setDaemon(true);
		reader.start();
	}

	/** Starts the service with only the line endpoint, no web server, plus {@code properties} ({@code key=value}). */
	static ServiceProcess start(Path javaHome, String... properties) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString(),
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				AckgateApplication.class.getName(), "--ackgate.line.port=0", "--ackgate.line.bind-address=127.0.0.1",
				"--ackgate.framed.enabled=false", "--ackgate.time.enabled=false", "--ackgate.udp.enabled=false",
				"--spring.main.web-application-type=none"));
		for (String property : properties) {
			command.add("--" + property);
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		return new ServiceProcess(builder.start());
	}

	private void readOutput() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				this.output.add(line);
				Matcher matcher = LISTENING.matcher(line);
				if (matcher.find()) {
					this.linePort.complete(Integer.parseInt(matcher.group(1)));
				}
			}
		}
		catch (IOException ex) {
			// The process is gone; its output ends here.
		}
		this.linePort.completeExceptionally(new IllegalStateException(
				"the service exited before listening:\n" + String.join("\n", this.output)));
	}

	/** The line endpoint's port, once the service listens. */
	int linePort(Duration timeout) throws Exception {
		try {
			return this.linePort.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("the service did not listen within " + timeout + ":\n"
					+ String.join("\n", this.output), ex);
		}
	}

	List<String> output() {
		return this.output;
	}

	/** SIGKILL: no shutdown hook, no drain, no final force. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** SIGTERM, then waits for the exit. */
	int stop(Duration timeout) throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			kill();
		}
		return this.process.exitValue();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
