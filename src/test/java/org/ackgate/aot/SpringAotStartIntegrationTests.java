package org.ackgate.aot;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.time.TimeTCPClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;
import org.springframework.util.ClassUtils;

import org.ackgate.AckgateApplication;
import org.ackgate.support.FreePort;
import org.ackgate.support.RawClient;
import org.ackgate.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service started through its {@code main} with {@code -Dspring.aot.enabled=true}, as the image
 * starts it, from the classes and settings {@code process-aot} wrote into this build: with the
 * defaults it uses the generated bean definitions and serves every endpoint; with a switch the build
 * did not have, it says which and starts the ordinary way, with that switch honoured.
 */
class SpringAotStartIntegrationTests {

	private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

	private static final Duration START = Duration.ofSeconds(90);

	private static final Pattern UDP_LISTENING = Pattern.compile("udp endpoint listening on UDP \\S*:(\\d+)");

	private static final String AOT_STARTED = "Starting AOT-processed AckgateApplication";

	private static final String FALLBACK = "Starting without the bean definitions generated at build time (Spring AOT)";

	@Test
	void withTheBuildsSettingsItStartsFromTheGeneratedDefinitionsAndServesEveryEndpoint() throws Exception {
		int management = FreePort.onLoopback();
		try (ServiceProcess service = start(management)) {
			int line = service.linePort(START);
			assertThat(service.output()).anyMatch(l -> l.contains(AOT_STARTED)).noneMatch(l -> l.contains(FALLBACK));
			try (RawClient client = RawClient.connect(line)) {
				client.write("aot\n");
				byte[] ack = "已接收: aot\n".getBytes(StandardCharsets.UTF_8);
				assertThat(client.read(ack.length)).isEqualTo(ack);
			}
			try (RawClient client = RawClient.connect(service.port("framed"))) {
				client.write(new byte[] { 'H', 'e', 'a', 'd', 'e', 'r', 's', 0, 0, 0, 3, 'a', 'o', 't' });
				byte[] ack = "我收到了".getBytes(StandardCharsets.UTF_8);
				assertThat(client.read(ack.length)).isEqualTo(ack);
			}
			try (RawClient client = RawClient.connect(service.port("time"))) {
				assertThat(new String(client.read(20), StandardCharsets.US_ASCII))
					.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[Z+-]");
			}
			assertThat(udpTime(udpPort(service)))
				.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})");
			awaitReadiness(management);
			assertThat(get(management, "/actuator/prometheus")).contains("ackgate_connections_closed_total{")
				.contains("endpoint=\"framed\"");
			assertThat(service.stop(START)).as("exit code after SIGTERM").isZero();
		}
	}

	@Test
	void aSwitchTheBuildDidNotHaveIsNamedAndHonouredByAnOrdinaryStart() throws Exception {
		int management = FreePort.onLoopback();
		try (ServiceProcess service = start(management, "ackgate.rfc868.enabled=true", "ackgate.rfc868.port=0",
				"ackgate.rfc868.bind-address=127.0.0.1")) {
			service.linePort(START);
			awaitReadiness(management);
			assertThat(service.output()).noneMatch(l -> l.contains(AOT_STARTED))
				.anyMatch(l -> l.contains(FALLBACK + ", because ackgate.rfc868.enabled is 'true' here and was 'false'"
						+ " at build time; the start reads the configuration classes instead, which takes longer"));
			TimeTCPClient client = new TimeTCPClient();
			client.setDefaultTimeout(10_000);
			client.connect(InetAddress.getLoopbackAddress(), service.port("rfc868"));
			try {
				Instant reported = client.getDate().toInstant();
				assertThat(Duration.between(reported, Instant.now()).abs()).isLessThan(Duration.ofSeconds(3));
			}
			finally {
				client.disconnect();
			}
			assertThat(service.stop(START)).as("exit code after SIGTERM").isZero();
		}
	}

	@Test
	void theBuildRecordedEverySwitchOfAckgatesOwnConfiguration() throws IOException {
		BuildSettings recorded;
		try (InputStream in = AckgateApplication.class.getClassLoader().getResourceAsStream(BuildSettings.RESOURCE)) {
			assertThat(in).as(BuildSettings.RESOURCE + " (written by process-aot)").isNotNull();
			recorded = BuildSettings.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		Set<String> names = new HashSet<>(recorded.set().keySet());
		names.addAll(recorded.unset());
		Set<String> switches = switchesOfAckgatesConfigurations();
		assertThat(switches).as("the conditions found").contains("ackgate.kafka.enabled", "ackgate.relay.ack-mode")
			.hasSizeGreaterThan(10);
		assertThat(names).containsAll(switches);
		assertThat(recorded.javaFeature()).isEqualTo(Runtime.version().feature());
	}

	/** Read from the compiled classes: a scanner for components would skip those whose conditions fail. */
	private static Set<String> switchesOfAckgatesConfigurations() throws IOException {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		MetadataReaderFactory readers = new SimpleMetadataReaderFactory(resolver);
		Set<String> switches = new HashSet<>();
		for (Resource resource : resolver.getResources("classpath*:org/ackgate/**/*.class")) {
			MetadataReader reader = readers.getMetadataReader(resource);
			if (reader.getAnnotationMetadata().hasAnnotation(Configuration.class.getName())) {
				Class<?> type = ClassUtils.resolveClassName(reader.getClassMetadata().getClassName(), null);
				collect(MergedAnnotations.from(type), switches);
				for (Method method : type.getDeclaredMethods()) {
					collect(MergedAnnotations.from(method), switches);
				}
			}
		}
		return switches;
	}

	private static void collect(MergedAnnotations annotations, Set<String> switches) {
		annotations.stream(ConditionalOnBooleanProperty.class).forEach(condition -> names(condition, switches));
		annotations.stream(ConditionalOnProperty.class).forEach(condition -> names(condition, switches));
	}

	private static void names(MergedAnnotation<?> condition, Set<String> switches) {
		String prefix = condition.getString("prefix");
		List<String> names = new ArrayList<>(List.of(condition.getStringArray("name")));
		names.addAll(List.of(condition.getStringArray("value")));
		names.forEach(name -> switches.add(prefix.isEmpty() ? name : prefix + "." + name));
	}

	private static ServiceProcess start(int management, String... more) throws IOException {
		List<String> properties = new ArrayList<>(List.of("ackgate.line.port=0", "ackgate.framed.port=0",
				"ackgate.time.port=0", "ackgate.udp.port=0", "ackgate.line.bind-address=127.0.0.1",
				"ackgate.framed.bind-address=127.0.0.1", "ackgate.time.bind-address=127.0.0.1",
				"ackgate.udp.bind-address=127.0.0.1", "server.address=127.0.0.1",
				"management.server.port=" + management));
		properties.addAll(List.of(more));
		return ServiceProcess.startWith(JAVA_HOME, List.of("-Dspring.aot.enabled=true"), properties);
	}

	private static int udpPort(ServiceProcess service) {
		return service.output()
			.stream()
			.map(UDP_LISTENING::matcher)
			.filter(Matcher::find)
			.map(m -> Integer.parseInt(m.group(1)))
			.findFirst()
			.orElseThrow();
	}

	private static String udpTime(int port) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			socket.setSoTimeout(10_000);
			byte[] ask = "time".getBytes(StandardCharsets.US_ASCII);
			socket.send(new DatagramPacket(ask, ask.length, InetAddress.getLoopbackAddress(), port));
			DatagramPacket reply = new DatagramPacket(new byte[256], 256);
			socket.receive(reply);
			return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
		}
	}

	/** The line endpoint listens before the web server has started; readiness is UP once it has. */
	private static void awaitReadiness(int management) {
		await().atMost(START)
			.ignoreExceptions()
			.until(() -> get(management, "/actuator/health/readiness"), body -> body.endsWith("\"status\":\"UP\"}"));
	}

	private static String get(int port, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

}
