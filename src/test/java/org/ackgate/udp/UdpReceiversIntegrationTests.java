package org.ackgate.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.channel.DirectChannel;

import org.ackgate.support.Causes;
import org.ackgate.support.TestService;
import org.ackgate.system.EndpointBindException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Several receivers on one port, each answering what it reads on its own thread, from the port asked. */
class UdpReceiversIntegrationTests {

	@Test
	void everySourceIsAnsweredFromTheServicePortWhicheverReceiverReadsIt() throws IOException {
		assumeTrue(reusePortSupported(), "this platform has no SO_REUSEPORT, so there is only ever one receiver");
		try (TestService service = TestService.start("ackgate.line.enabled=false", "ackgate.framed.enabled=false",
				"ackgate.time.enabled=false", "ackgate.udp.workers=3")) {
			ConfigurableApplicationContext context = service.context();
			assertThat(context.getBean("udp.inbound", BindingUdpReceiver.class).receivers()).isEqualTo(3);
			assertThat(context.getBean("udp.requests")).isInstanceOf(DirectChannel.class);
			assertThat(context.getBean("udp.replies")).isInstanceOf(DirectChannel.class);
			List<DatagramSocket> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 32; i++) {
					DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
					client.setSoTimeout(5000);
					clients.add(client);
				}
				for (DatagramSocket client : clients) {
					byte[] request = ("source " + client.getLocalPort()).getBytes(StandardCharsets.UTF_8);
					client.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(),
							service.udpPort()));
				}
				for (DatagramSocket client : clients) {
					DatagramPacket reply = new DatagramPacket(new byte[512], 512);
					client.receive(reply);
					assertThat(reply.getPort()).as("the reply's source port").isEqualTo(service.udpPort());
					Instant time = OffsetDateTime
						.parse(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
						.toInstant();
					assertThat(Duration.between(time, Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
				}
			}
			finally {
				clients.forEach(DatagramSocket::close);
			}
		}
	}

	@Test
	void zeroWorkersMeansOneReceiverPerProcessor() {
		assumeTrue(reusePortSupported(), "this platform has no SO_REUSEPORT, so there is only ever one receiver");
		try (TestService service = TestService.start("ackgate.line.enabled=false", "ackgate.framed.enabled=false",
				"ackgate.time.enabled=false", "ackgate.udp.workers=0")) {
			assertThat(service.context().getBean("udp.inbound", BindingUdpReceiver.class).receivers())
				.isEqualTo(Runtime.getRuntime().availableProcessors());
		}
	}

	@Test
	void aPortHeldWithoutReusePortStillFailsStartup() throws IOException {
		try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> TestService.start("ackgate.line.enabled=false", "ackgate.framed.enabled=false",
						"ackgate.time.enabled=false", "ackgate.udp.workers=2", "ackgate.udp.port=" + taken.getLocalPort()))
				.satisfies(ex -> Causes.find(ex, EndpointBindException.class));
		}
	}

	private static boolean reusePortSupported() {
		try (DatagramChannel channel = DatagramChannel.open()) {
			return channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
		}
		catch (IOException ex) {
			return false;
		}
	}

}
