package org.ackgate.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;

import org.ackgate.support.FreePort;

import static org.awaitility.Awaitility.await;

/**
 * A real single-node KRaft broker (Kafka's own {@code kafka.Kafka} main, from the test class
 * path) in a JVM of its own on loopback ports picked at random, so that a test can stop it
 * ({@code kill -9} or SIGTERM) and start it again on the same port and log directory, which
 * spring-kafka-test's EmbeddedKafkaKraftBroker cannot.
 */
final class KafkaBroker implements AutoCloseable {

	/** The broker logs through the test class path's Logback: INFO, without its debug chatter. */
	private static final String LOGBACK = """
			<configuration>
			  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
			    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
			  </appender>
			  <root level="INFO"><appender-ref ref="out"/></root>
			</configuration>
			""";

	private final Path directory;

	private final Path config;

	private final int port;

	private Process process;

	private KafkaBroker(Path directory, int port, int controllerPort) throws IOException {
		Files.createDirectories(directory);
		this.directory = directory;
		this.port = port;
		this.config = directory.resolve("server.properties");
		Path logs = directory.resolve("logs");
		Files.writeString(this.config, String.join("\n", "process.roles=broker,controller", "node.id=1",
				"controller.quorum.voters=1@127.0.0.1:" + controllerPort,
				"listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
				"advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
				"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
				"inter.broker.listener.name=PLAINTEXT", "log.dirs=" + logs, "num.partitions=1",
				"offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
				"transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
				"group.initial.rebalance.delay.ms=0", "auto.create.topics.enable=false",
				// A start after kill -9 is refused registration (DuplicateBrokerRegistrationException) until
				// the killed incarnation's session times out: 9 s by default, which made each restart take
				// 14 s here against 5.5 s with these. Six missed heartbeats still leave room for a stall
				// on a loaded machine before the broker would fence itself.
				"broker.heartbeat.interval.ms=500", "broker.session.timeout.ms=3000") + "\n", StandardCharsets.UTF_8);
		Files.writeString(directory.resolve("logback.xml"), LOGBACK, StandardCharsets.UTF_8);
		run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
				this.config.toString()), Duration.ofSeconds(60));
	}

	/** Formats a log directory under {@code directory} and starts the broker. */
	static KafkaBroker start(Path directory) throws IOException {
		KafkaBroker broker = new KafkaBroker(directory, FreePort.onLoopback(), FreePort.onLoopback());
		broker.start();
		return broker;
	}

	/** Starts (again) on the same port and log directory; returns once it accepts connections. */
	void start() throws IOException {
		this.process = java(List.of("kafka.Kafka", this.config.toString()), this.directory.resolve("broker.log"));
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the broker exited:\n" + Files.readString(this.directory.resolve("broker.log")));
			}
			return accepts();
		});
	}

	/** {@code kill -9}: nothing flushed, nothing announced. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/**
	 * {@code kill -STOP}: the broker keeps its connections open and answers nothing, as a broker in
	 * a long GC pause or on a stalled disk does.
	 */
	void pause() throws IOException, InterruptedException {
		signal("STOP");
	}

	/** {@code kill -CONT}: the paused broker carries on where it stopped. */
	void resume() throws IOException, InterruptedException {
		signal("CONT");
	}

	private void signal(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).inheritIO().start();
		if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
			throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed");
		}
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null) {
			kill();
		}
	}

	private void run(List<String> arguments, Duration timeout) throws IOException {
		Path output = this.directory.resolve("format.log");
		Process format = java(arguments, output);
		try {
			if (!format.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || format.exitValue() != 0) {
				format.destroyForcibly();
				throw new IllegalStateException("formatting the broker's log directory failed:\n" + Files.readString(output));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private Process java(List<String> arguments, Path output) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
				"-Dlogback.configurationFile=" + this.directory.resolve("logback.xml"), "-cp",
				System.getProperty("java.class.path")));
		command.addAll(arguments);
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
	}

}
