package org.ackgate.tcp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.ackgate.support.RawClient;
import org.ackgate.support.ServiceProcess;
import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service started through its {@code main}, on the event loops: its first connection does not
 * start the Flight Recorder ({@link NettyDefaults#JFR_EVENTS}), and {@code -Dio.netty.jfr.enabled=true} still
 * does, which is also what shows that the class-loading log below would see it. Each JVM logs the
 * classes it loads to a file, read once it has stopped.
 */
@TransportIndependent
class NettyJfrEventsIntegrationTests {

	private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

	private static final Duration START = Duration.ofSeconds(90);

	/** Loaded by the Flight Recorder's first registration of an event type, not before. */
	private static final String RECORDER_STARTED = "jdk.jfr.internal.MetadataRepository ";

	@TempDir
	Path dir;

	@Test
	void theFirstConnectionDoesNotStartTheFlightRecorder() throws Exception {
		assertThat(classesLoadedByOneAck(List.of())).noneMatch(line -> line.contains(RECORDER_STARTED));
	}

	@Test
	void askedForNettysEventsTheFirstConnectionStartsIt() throws Exception {
		assertThat(classesLoadedByOneAck(List.of("-D" + NettyDefaults.JFR_EVENTS + "=true")))
			.anyMatch(line -> line.contains(RECORDER_STARTED));
	}

	private List<String> classesLoadedByOneAck(List<String> jvmOptions) throws Exception {
		Path log = this.dir.resolve("classes-" + jvmOptions.size() + ".log");
		List<String> options = new ArrayList<>(jvmOptions);
		options.add("-Xlog:class+load=info:file=" + log);
		try (ServiceProcess service = ServiceProcess.startWith(JAVA_HOME, options,
				List.of("ackgate.tcp.transport=event-loop", "ackgate.line.port=0", "ackgate.line.bind-address=127.0.0.1",
						"ackgate.framed.enabled=false", "ackgate.time.enabled=false", "ackgate.udp.enabled=false",
						"spring.main.web-application-type=none"))) {
			int port = service.linePort(START);
			try (RawClient client = RawClient.connect(port)) {
				client.write("first\n");
				byte[] ack = "已接收: first\n".getBytes(StandardCharsets.UTF_8);
				assertThat(client.read(ack.length)).isEqualTo(ack);
			}
			assertThat(service.stop(START)).as("exit code after SIGTERM").isZero();
		}
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		assertThat(lines).as("the class-loading log").anyMatch(line -> line.contains("io.netty.buffer.PooledByteBufAllocator "));
		return lines;
	}

}
