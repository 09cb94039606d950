package org.ackgate.observability;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.integration.ip.udp.inbound.AbstractInternetProtocolReceivingChannelAdapter;

import org.ackgate.tcp.EndpointServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The actuator over HTTP: what is exposed, health per endpoint, the probes, info, and the drain. */
class HealthIntegrationTests {

	private RunningService service;

	@AfterEach
	void stop() {
		if (this.service != null) {
			this.service.close();
		}
	}

	@Test
	void onlyHealthInfoAndPrometheusAreExposed() {
		this.service = RunningService.start();
		JsonNode links = this.service.json("/actuator").get("_links");
		assertThat(links.propertyNames()).filteredOn(name -> !name.equals("self") && !name.contains("-"))
			.containsExactlyInAnyOrder("health", "info", "prometheus");
		for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/metrics", "/actuator/configprops",
				"/actuator/loggers", "/actuator/threaddump", "/actuator/integrationgraph")) {
			assertThat(this.service.get(hidden).statusCode()).as(hidden).isEqualTo(404);
		}
	}

	@Test
	void everyEndpointIsUpWithItsPortAndTheProbesAnswer() {
		this.service = RunningService.start();
		JsonNode endpoints = this.service.json("/actuator/health").get("components").get("endpoints");
		assertThat(endpoints.get("status").asString()).isEqualTo("UP");
		for (String endpoint : List.of("line", "framed", "time", "udp")) {
			JsonNode health = endpoints.get("components").get(endpoint);
			assertThat(health.get("status").asString()).as(endpoint).isEqualTo("UP");
			assertThat(health.get("details").get("port").asInt()).isEqualTo(this.service.port(endpoint));
		}
		assertProbe("/actuator/health/liveness", 200, "UP");
		assertProbe("/actuator/health/readiness", 200, "UP");
		assertThat(this.service.json("/actuator/health/readiness").get("components").propertyNames())
			.containsExactlyInAnyOrder("readinessState", "endpoints", "journal", "kafka", "relay");
		assertThat(this.service.json("/actuator/health/liveness").get("components").propertyNames())
			.containsExactly("livenessState");
	}

	@Test
	void infoHasTheBuildAndTheEndpointMapWithThePortsActuallyBound() {
		this.service = RunningService.start("--ackgate.framed.ack-framing=headers", "--ackgate.udp.format=rfc3339-millis");
		JsonNode info = this.service.json("/actuator/info");
		assertThat(info.get("build").get("artifact").asString()).isEqualTo("ackgate");
		assertThat(info.get("build").get("version").asString()).isNotBlank();
		assertThat(info.get("build").get("time").asString()).isNotBlank();
		JsonNode endpoints = info.get("endpoints");
		Map<String, EndpointServerConnectionFactory> factories = this.service.context()
			.getBeansOfType(EndpointServerConnectionFactory.class);
		assertThat(factories).hasSize(3);
		for (EndpointServerConnectionFactory factory : factories.values()) {
			JsonNode entry = endpoints.get(factory.settings().endpoint());
			assertThat(entry.get("transport").asString()).isEqualTo("tcp");
			assertThat(entry.get("port").asInt()).isEqualTo(factory.getPort()).isNotZero();
		}
		assertThat(endpoints.get("line").get("framing").asString()).isEqualTo("lf");
		assertThat(endpoints.get("framed").get("framing").asString()).isEqualTo("headers");
		assertThat(endpoints.get("framed").get("ackFraming").asString()).isEqualTo("headers");
		assertThat(endpoints.get("time").get("framing").asString()).isEqualTo("none");
		assertThat(endpoints.get("udp").get("transport").asString()).isEqualTo("udp");
		assertThat(endpoints.get("udp").get("format").asString()).isEqualTo("rfc3339-millis");
		assertThat(endpoints.get("udp").get("port").asInt())
			.isEqualTo(udpReceiver().getPort())
			.isNotZero();
	}

	@Test
	void disabledEndpointHasNoHealthMemberNoInfoEntryAndNoMeters() {
		this.service = RunningService.start("--ackgate.line.enabled=false", "--ackgate.udp.enabled=false");
		assertThat(this.service.json("/actuator/health/endpoints").get("components").propertyNames())
			.containsExactlyInAnyOrder("framed", "time");
		assertThat(this.service.json("/actuator/info").get("endpoints").propertyNames())
			.containsExactlyInAnyOrder("framed", "time");
		Scrape scrape = this.service.scrape();
		assertThat(scrape.has("ackgate_connections_opened_total", "endpoint", "line")).isFalse();
		assertThat(scrape.has("ackgate_udp_requests_total")).isFalse();
		assertProbe("/actuator/health/readiness", 200, "UP");
	}

	@Test
	void endpointUpFollowsTheHealthMemberAndMaxConnectionsIsScraped() {
		this.service = RunningService.start();
		Scrape scrape = this.service.scrape();
		for (String endpoint : List.of("line", "framed", "time", "udp")) {
			assertThat(scrape.value("ackgate_endpoint_up", "endpoint", endpoint)).as(endpoint).isEqualTo(1.0);
		}
		for (String endpoint : List.of("line", "framed", "time")) {
			assertThat(scrape.value("ackgate_connections_max", "endpoint", endpoint)).as(endpoint).isEqualTo(10000.0);
		}
		EndpointServerConnectionFactory line = this.service.context()
			.getBean("lineConnectionFactory", EndpointServerConnectionFactory.class);
		line.connectionFactory().stop();
		await().atMost(Duration.ofSeconds(5)).until(() -> !line.connectionFactory().isListening());
		AbstractInternetProtocolReceivingChannelAdapter udp = udpReceiver();
		udp.stop();
		scrape = this.service.scrape();
		assertThat(scrape.value("ackgate_endpoint_up", "endpoint", "line")).isEqualTo(0.0);
		assertThat(scrape.value("ackgate_endpoint_up", "endpoint", "udp")).isEqualTo(0.0);
		assertThat(scrape.value("ackgate_endpoint_up", "endpoint", "framed")).isEqualTo(1.0);
		line.connectionFactory().start();
		await().atMost(Duration.ofSeconds(5)).until(line::isAccepting);
		assertThat(this.service.scrape().value("ackgate_endpoint_up", "endpoint", "line")).isEqualTo(1.0);
	}

	@Test
	void stoppedEndpointIsDownWithItsReasonAndTakesReadinessButNotLivenessDown() {
		this.service = RunningService.start();
		EndpointServerConnectionFactory line = this.service.context()
			.getBean("lineConnectionFactory", EndpointServerConnectionFactory.class);
		line.connectionFactory().stop();
		await().atMost(Duration.ofSeconds(5)).until(() -> !line.connectionFactory().isListening());
		JsonNode health = this.service.json("/actuator/health/endpoints/line");
		assertThat(health.get("status").asString()).isEqualTo("DOWN");
		assertThat(health.get("details").get("reason").asString()).startsWith("stopped");
		assertThat(this.service.json("/actuator/health/endpoints/framed").get("status").asString()).isEqualTo("UP");
		assertProbe("/actuator/health/readiness", 503, "DOWN");
		assertProbe("/actuator/health/liveness", 200, "UP");

		line.connectionFactory().start();
		await().atMost(Duration.ofSeconds(5)).until(line::isAccepting);
		assertThat(this.service.json("/actuator/health/endpoints/line").get("status").asString()).isEqualTo("UP");
		assertProbe("/actuator/health/readiness", 200, "UP");

		AbstractInternetProtocolReceivingChannelAdapter udp = udpReceiver();
		udp.stop();
		JsonNode udpHealth = this.service.json("/actuator/health/endpoints/udp");
		assertThat(udpHealth.get("status").asString()).isEqualTo("DOWN");
		assertThat(udpHealth.get("details").get("reason").asString()).startsWith("stopped");
		assertProbe("/actuator/health/readiness", 503, "DOWN");
	}

	@Test
	void readinessRefusesTrafficOverHttpWhileTheAvailabilityStateSaysSo() {
		this.service = RunningService.start();
		AvailabilityChangeEvent.publish(this.service.context(), ReadinessState.REFUSING_TRAFFIC);
		assertProbe("/actuator/health/readiness", 503, "OUT_OF_SERVICE");
		assertProbe("/actuator/health/liveness", 200, "UP");
		AvailabilityChangeEvent.publish(this.service.context(), ReadinessState.ACCEPTING_TRAFFIC);
		assertProbe("/actuator/health/readiness", 200, "UP");
	}

	@Test
	void onShutdownReadinessGoesDownWhileEveryListenerIsStillAccepting() throws IOException {
		this.service = RunningService.start();
		Map<String, EndpointServerConnectionFactory> factories = this.service.context()
			.getBeansOfType(EndpointServerConnectionFactory.class);
		ApplicationAvailability availability = this.service.context().getBean(ApplicationAvailability.class);
		int linePort = this.service.port("line");
		Map<String, Boolean> acceptingWhenRefused = new ConcurrentHashMap<>();
		boolean[] connectedWhenRefused = new boolean[1];
		this.service.context()
			.addApplicationListener((ApplicationListener<AvailabilityChangeEvent<ReadinessState>>) event -> {
				if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
					factories.values()
						.forEach(factory -> acceptingWhenRefused.put(factory.settings().endpoint(),
								factory.isAccepting()));
					try (Socket socket = Clients.connect(linePort)) {
						connectedWhenRefused[0] = socket.isConnected();
					}
					catch (IOException ex) {
						connectedWhenRefused[0] = false;
					}
				}
			});
		this.service.close();
		this.service = null;
		assertThat(acceptingWhenRefused).containsOnlyKeys("line", "framed", "time").doesNotContainValue(false);
		assertThat(connectedWhenRefused[0]).isTrue();
		assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
		assertThat(factories.values()).noneMatch(EndpointServerConnectionFactory::isAccepting);
	}

	private AbstractInternetProtocolReceivingChannelAdapter udpReceiver() {
		return this.service.context().getBean("udp.inbound", AbstractInternetProtocolReceivingChannelAdapter.class);
	}

	private void assertProbe(String path, int status, String healthStatus) {
		HttpResponse<String> response = this.service.get(path);
		assertThat(response.statusCode()).as(path).isEqualTo(status);
		assertThat(this.service.json(path).get("status").asString()).as(path).isEqualTo(healthStatus);
	}

}
