package org.ackgate.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.ip.udp.inbound.AbstractInternetProtocolReceivingChannelAdapter;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;
import org.ackgate.tcp.EndpointServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that connect while the service is still starting: after the ports are bound, before the
 * flows behind them have all started. Nothing is accepted until the listeners are released, and
 * those clients are then answered. Before the release existed, a listener served from the moment
 * Spring started it as a dependency of a flow's first consumer, so a client could reach a flow whose
 * next part had not subscribed yet (a time connection closed without the time, a datagram left
 * unanswered: "Dispatcher has no subscribers" in the startup log); the first test fails then.
 */
class ListenerReleaseIntegrationTests {

	private static TestService service;

	@BeforeAll
	static void start() {
		service = TestService.start(new Class<?>[] { EarlyClientsConfiguration.class });
	}

	@AfterAll
	static void stop() throws IOException {
		EarlyClients early = service.context().getBean(EarlyClients.class);
		early.closeAll();
		service.close();
	}

	@Test
	void noEndpointAcceptedAConnectionBeforeTheFlowsStarted() {
		EarlyClients early = service.context().getBean(EarlyClients.class);
		assertThat(early.heldWhileStarting).as("no connection admitted while the flows were starting").isTrue();
	}

	@Test
	void aClientThatConnectedDuringStartupGetsTheTime() throws IOException {
		RawClient time = service.context().getBean(EarlyClients.class).time;
		String text = new String(time.readToEnd(), StandardCharsets.UTF_8);
		assertThat(text).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
	}

	@Test
	void aLineSentDuringStartupIsAcked() throws IOException {
		RawClient line = service.context().getBean(EarlyClients.class).line;
		assertThat(line.readText("已接收: early\n".getBytes(StandardCharsets.UTF_8).length))
			.isEqualTo("已接收: early\n");
	}

	@Test
	void aDatagramSentDuringStartupIsAnswered() throws IOException {
		DatagramSocket udp = service.context().getBean(EarlyClients.class).udp;
		DatagramPacket reply = new DatagramPacket(new byte[512], 512);
		udp.receive(reply);
		assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
			.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
	}

	@Configuration(proxyBeanMethods = false)
	static class EarlyClientsConfiguration {

		@Bean
		EarlyClients earlyClients(ListableBeanFactory beans) {
			return new EarlyClients(beans);
		}

	}

	/**
	 * Connects in a phase after Spring Integration's gateways (0) and before its inbound adapters
	 * (Integer.MAX_VALUE / 2), where the listeners are bound and not yet released.
	 */
	static final class EarlyClients implements SmartLifecycle {

		private final ListableBeanFactory beans;

		volatile boolean heldWhileStarting;

		RawClient time;

		RawClient line;

		DatagramSocket udp;

		private volatile boolean running;

		EarlyClients(ListableBeanFactory beans) {
			this.beans = beans;
		}

		@Override
		public void start() {
			EndpointServerConnectionFactory timeFactory = this.beans.getBean("timeConnectionFactory",
					EndpointServerConnectionFactory.class);
			EndpointServerConnectionFactory lineFactory = this.beans.getBean("lineConnectionFactory",
					EndpointServerConnectionFactory.class);
			int udpPort = this.beans.getBean("udp.inbound", AbstractInternetProtocolReceivingChannelAdapter.class)
				.getPort();
			try {
				this.time = RawClient.connect(timeFactory.getPort());
				this.line = RawClient.connect(lineFactory.getPort()).write("early\n");
				this.udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
				this.udp.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
				byte[] request = "time?".getBytes(StandardCharsets.US_ASCII);
				this.udp.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), udpPort));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			try {
				// Long enough for an accept loop that serves already (as before the release) to take them.
				await().during(Duration.ofMillis(300))
					.atMost(Duration.ofSeconds(2))
					.until(() -> timeFactory.admission().activeConnections() == 0
							&& lineFactory.admission().activeConnections() == 0);
				this.heldWhileStarting = true;
			}
			catch (ConditionTimeoutException ex) {
				this.heldWhileStarting = false;
			}
			this.running = true;
		}

		void closeAll() throws IOException {
			this.time.close();
			this.line.close();
			this.udp.close();
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return 1;
		}

	}

}
