package org.ackgate.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ackgate.AckgateApplication;

/**
 * The service as a separate JVM on this test's class path, started through its real {@code main}
 * (so its signal handling is the shipped one), ports read back from its log lines: each
 * endpoint's "listening" line and the web server's "Netty started on port". {@link #kill()} is {@code kill -9},
 * {@link #stop} a SIGTERM.
 */
public final class ServiceProcess implements AutoCloseable {

	private static final Pattern LISTENING = Pattern.compile("(\\w+) endpoint listening on TCP \\S*:(\\d+)");

	private static final Pattern MANAGEMENT = Pattern.compile("Netty started on port (\\d+)");

	private final Process process;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Integer> linePort = new CompletableFuture<>();

	private final Map<String, Integer> ports = new ConcurrentHashMap<>();

	private final Thread reader;

	private ServiceProcess(Process process) {
		this.process = process;
		this.reader = new Thread(this::readOutput, "service-output-" + process.pid());
		this.reader.setDaemon(true);
		this.reader.start();
	}

	private static final String TRANSPORT = "ackgate.tcp.transport";

	/** Starts the service with only the line endpoint, no web server, plus {@code properties} ({@code key=value}). */
	public static ServiceProcess start(Path javaHome, String... properties) throws IOException {
		return startWith(javaHome, lineOnly(properties));
	}

	/** The properties of a service with only the line endpoint (an ephemeral port) and no web server, plus these. */
	public static List<String> lineOnly(String... properties) {
		List<String> all = new ArrayList<>(List.of("ackgate.line.port=0", "ackgate.line.bind-address=127.0.0.1",
				"ackgate.framed.enabled=false", "ackgate.time.enabled=false", "ackgate.udp.enabled=false",
				"spring.main.web-application-type=none"));
		all.addAll(List.of(properties));
		return all;
	}

	/** Starts the service with exactly these properties ({@code key=value}) on top of its defaults. */
	public static ServiceProcess startWith(Path javaHome, List<String> properties) throws IOException {
		return startWith(javaHome, List.of(), properties);
	}

	/** As {@link #startWith(Path, List)}, with more JVM options ({@code -D…}, {@code -XX:…}). */
	public static ServiceProcess startWith(Path javaHome, List<String> jvmOptions, List<String> properties)
			throws IOException {
		return startWith(List.of(), javaHome, jvmOptions,
				List.of("-cp", System.getProperty("java.class.path"), AckgateApplication.class.getName()), properties);
	}

	/**
	 * As {@link #start(Path, String...)}, from the packaged jar ({@code java -jar target/ackgate-*.jar},
	 * as users run it: its classes come from the one open jar, not from a file each), in a process
	 * that may open at most {@code openFiles} files (bash's {@code ulimit -n}, soft and hard, so the
	 * JVM cannot raise it).
	 */
	public static ServiceProcess startJarWithFileLimit(Path javaHome, int openFiles, String... properties)
			throws IOException {
		return startWith(List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$0\" \"$@\""), javaHome,
				List.of(), List.of("-jar", packagedJar().toString()), lineOnly(properties));
	}

	private static Path packagedJar() throws IOException {
		try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(Path.of("target"))) {
			return files.filter(path -> path.getFileName().toString().matches("ackgate-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no target/ackgate-*.jar: run the package phase first"));
		}
	}

	private static ServiceProcess startWith(List<String> prefix, Path javaHome, List<String> jvmOptions,
			List<String> launch, List<String> properties) throws IOException {
		List<String> command = new ArrayList<>(prefix);
		command.addAll(List.of(javaHome.resolve("bin").resolve("java").toString(),
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
		command.addAll(jvmOptions);
		command.addAll(launch);
		// The suite's second run serves the ack endpoints a thread per connection; the child must too.
		// A test that names the transport itself keeps it (a second --key would make a list of both).
		String transport = System.getProperty(TRANSPORT);
		if (transport != null && properties.stream().noneMatch(property -> property.startsWith(TRANSPORT + "="))) {
			command.add("--" + TRANSPORT + "=" + transport);
		}
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
					this.ports.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
					if (matcher.group(1).equals("line")) {
						this.linePort.complete(Integer.parseInt(matcher.group(2)));
					}
				}
				Matcher management = MANAGEMENT.matcher(line);
				if (management.find()) {
					this.ports.putIfAbsent("management", Integer.parseInt(management.group(1)));
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
	public int linePort(Duration timeout) throws Exception {
		try {
			return this.linePort.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("the service did not listen within " + timeout + ":\n"
					+ String.join("\n", this.output), ex);
		}
	}

	/**
	 * A port read from the log so far: an endpoint's name, or {@code management} (the first web
	 * server; start with {@code server.port=0} and an empty {@code management.server.port} for one);
	 * null before its line.
	 */
	public Integer port(String name) {
		return this.ports.get(name);
	}

	public List<String> output() {
		return this.output;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Waits for the process to end by itself, and for its last output lines to be read; its exit
	 * code, or null when it is still running.
	 */
	public Integer waitForExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			return null;
		}
		this.reader.join(TimeUnit.SECONDS.toMillis(5));
		return this.process.exitValue();
	}

	/** SIGKILL: no shutdown hook, no drain, no final force. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/**
	 * SIGTERM, without waiting. Through the process handle: {@code Process.destroy()} also closes
	 * this side of the process's output, and the lines it logs while stopping would be lost.
	 */
	public void terminate() {
		this.process.toHandle().destroy();
	}

	/** SIGTERM, then waits for the exit. */
	public int stop(Duration timeout) throws InterruptedException {
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
