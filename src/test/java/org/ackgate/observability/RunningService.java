package org.ackgate.observability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import org.ackgate.AckgateApplication;

/**
 * The whole service, started as {@code java -jar} would start it, on ephemeral ports and
 * loopback only, with the web server on the management port as in production; spoken to over
 * HTTP and real sockets.
 */
final class RunningService implements AutoCloseable {

	private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

	private final int managementPort;

	private RunningService(ConfigurableApplicationContext context) {
		this.context = context;
		this.managementPort = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	/** Every endpoint on port 0 of the loopback address; {@code args} add or override properties. */
	static RunningService start(String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--management.server.port=",
				"--server.address=127.0.0.1", "--ackgate.shutdown.grace-period=1s"));
		for (String endpoint : List.of("line", "framed", "time", "udp")) {
			all.add("--ackgate." + endpoint + ".port=0");
			all.add("--ackgate." + endpoint + ".bind-address=127.0.0.1");
		}
		all.addAll(List.of(args));
		return new RunningService(SpringApplication.run(AckgateApplication.class, all.toArray(String[]::new)));
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	int managementPort() {
		return this.managementPort;
	}

	HttpResponse<String> get(String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
			.timeout(HTTP_TIMEOUT)
			.GET()
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during GET " + path, ex);
		}
	}

	JsonNode json(String path) {
		return JSON.readTree(get(path).body());
	}

	Scrape scrape() {
		HttpResponse<String> response = get("/actuator/prometheus");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Scrape answered " + response.statusCode() + ": " + response.body());
		}
		return Scrape.parse(response.body());
	}

	/** The port an endpoint bound, as {@code /actuator/info} reports it. */
	int port(String endpoint) {
		return json("/actuator/info").get("endpoints").get(endpoint).get("port").asInt();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
