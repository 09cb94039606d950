package org.ackgate.observability;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/** A new endpoint is observed by publishing its descriptor: no edit in this package, no name switched on. */
class EndpointDescriptorsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ObservabilityConfiguration.class)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean("echoEndpoint", EndpointDescriptor.class,
				() -> new EndpointDescriptor("echo-udp", "datagram", Map.of("format", "echo"),
						new EndpointDescriptor.Udp(new UnicastReceivingChannelAdapter(0), "127.0.0.1", "echo",
								List.of("echo"))));

	@Test
	void anUnknownEndpointGetsItsHealthInfoAndMetersFromItsDescriptor() {
		this.runner.run(context -> {
			CompositeHealthContributor health = context.getBean(CompositeHealthContributor.class);
			Health echo = ((HealthIndicator) health.getContributor("echo-udp")).health();
			assertThat(echo.getStatus()).isEqualTo(Status.DOWN);
			assertThat(echo.getDetails()).containsEntry("transport", "udp")
				.containsEntry("reason", "stopped: the UDP receiver is not running");

			Info.Builder info = new Info.Builder();
			context.getBean(EndpointInfoContributor.class).contribute(info);
			assertThat(info.build().getDetails().get("endpoints")).asInstanceOf(
					org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
				.extractingByKey("echo-udp")
				.isEqualTo(Map.of("transport", "udp", "port", 0, "bindAddress", "127.0.0.1", "framing", "datagram",
						"format", "echo"));

			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(UdpEndpointMeters.class);
			assertThat(registry.get(MeterNames.UDP_REQUESTS).tags(MeterNames.ENDPOINT, "echo", MeterNames.DIALECT, "echo")
				.counter()
				.count()).isZero();
		});
	}

}
