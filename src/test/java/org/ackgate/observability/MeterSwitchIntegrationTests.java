package org.ackgate.observability;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The documented switches for meters do what they say on a real scrape, after real traffic:
 * {@code enable.all=false} turns every meter off, ackgate's included (application.yml once enabled
 * the {@code ackgate} prefix explicitly, and the more specific prefix won), and
 * {@code enable.ackgate=false} turns off only ackgate's own.
 */
class MeterSwitchIntegrationTests {

	@Test
	void enableAllFalseTurnsEveryMeterOff() throws IOException {
		try (RunningService service = RunningService.start("--management.metrics.enable.all=false")) {
			ackOneLine(service);
			List<String> names = sampleNames(service.scrape());
			assertThat(names).noneMatch(name -> name.startsWith("ackgate_"))
				.noneMatch(name -> name.startsWith("spring_integration_"))
				.noneMatch(name -> name.startsWith("jvm_"));
		}
	}

	@Test
	void enableAckgateFalseTurnsOnlyAckgatesMetersOff() throws IOException {
		try (RunningService service = RunningService.start("--management.metrics.enable.ackgate=false")) {
			ackOneLine(service);
			List<String> names = sampleNames(service.scrape());
			assertThat(names).noneMatch(name -> name.startsWith("ackgate_"))
				.anyMatch(name -> name.startsWith("spring_integration_"))
				.anyMatch(name -> name.startsWith("jvm_"));
		}
	}

	@Test
	void byDefaultEveryFamilyIsOnExceptSpringIntegrationsPerMessageTimers() throws IOException {
		try (RunningService service = RunningService.start()) {
			ackOneLine(service);
			// The ack is counted once it is flushed, so the client can read it a moment before.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				Scrape counted = service.scrape();
				assertThat(counted.value("ackgate_acks_sent_total", "endpoint", "line")).isEqualTo(1.0);
				assertThat(counted.value("ackgate_ack_latency_seconds_count", "endpoint", "line")).isEqualTo(1.0);
			});
			Scrape scrape = service.scrape();
			assertThat(sampleNames(scrape)).contains("spring_integration_channels")
				.noneMatch(name -> name.startsWith("spring_integration_send"))
				.anyMatch(name -> name.startsWith("jvm_"));
		}
	}

	private static void ackOneLine(RunningService service) throws IOException {
		try (Socket socket = Clients.connect(service.port("line"))) {
			socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
			byte[] ack = Clients.readExactly(socket.getInputStream(),
					"已接收: hello\n".getBytes(StandardCharsets.UTF_8).length);
			assertThat(new String(ack, StandardCharsets.UTF_8)).isEqualTo("已接收: hello\n");
		}
	}

	private static List<String> sampleNames(Scrape scrape) {
		return scrape.samples().stream().map(Scrape.Sample::name).toList();
	}

}
