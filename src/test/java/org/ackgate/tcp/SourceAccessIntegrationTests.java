package org.ackgate.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The allow-list and the per-source connection limit, from two loopback source addresses
 * (127.0.0.1 and 127.0.0.2: Linux routes all of 127.0.0.0/8 to the loopback interface).
 */
class SourceAccessIntegrationTests {

	private static final String[] ONLY_LINE = { "ackgate.framed.enabled=false", "ackgate.time.enabled=false",
			"ackgate.udp.enabled=false" };

	private static String[] onlyLine(String... more) {
		String[] all = new String[ONLY_LINE.length + more.length];
		System.arraycopy(ONLY_LINE, 0, all, 0, ONLY_LINE.length);
		System.arraycopy(more, 0, all, ONLY_LINE.length, more.length);
		return all;
	}

	private static byte[] ack(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private static void assertAcked(RawClient client, String line) throws IOException {
		client.write(line + "\n");
		assertThat(client.read(ack(line).length)).isEqualTo(ack(line));
	}

	private static double closed(TestService service, String reason) {
		return service.context().getBean(MeterRegistry.class)
			.get("ackgate.connections.closed").tags("endpoint", "line", "reason", reason).counter().count();
	}

	@Test
	void aSourceNotInTheAllowListIsClosedAtAcceptAndCounted() throws IOException {
		try (TestService service = TestService.start(onlyLine("ackgate.line.allow=127.0.0.2/32,::1"))) {
			try (RawClient outsider = RawClient.connect(service.linePort())) {
				outsider.write("let me in\n");
				assertThat(outsider.closedByServer(Duration.ofSeconds(5))).isTrue();
			}
			assertThat(closed(service, "denied")).isEqualTo(1);
			try (RawClient allowed = RawClient.connectFrom("127.0.0.2", service.linePort())) {
				assertAcked(allowed, "from 127.0.0.2");
			}
			assertThat(service.factory("lineConnectionFactory").admission().activeConnections()).isLessThanOrEqualTo(1);
		}
	}

	@Test
	void thePerSourceLimitHoldsForOneAddressOnlyAndIsReleasedOnClose() throws Exception {
		try (TestService service = TestService.start(onlyLine("ackgate.line.max-connections-per-source=2"))) {
			EndpointServerConnectionFactory line = service.factory("lineConnectionFactory");
			InetAddress local = InetAddress.getByName("127.0.0.1");
			try (RawClient first = RawClient.connect(service.linePort());
					RawClient second = RawClient.connect(service.linePort())) {
				assertAcked(first, "1");
				assertAcked(second, "2");
				try (RawClient third = RawClient.connect(service.linePort())) {
					assertThat(third.closedByServer(Duration.ofSeconds(5))).isTrue();
				}
				assertThat(closed(service, "source_limit")).isEqualTo(1);
				try (RawClient neighbour = RawClient.connectFrom("127.0.0.2", service.linePort())) {
					assertAcked(neighbour, "another source is served");
				}
				assertAcked(first, "1 still served");
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> line.admission().connectionsFrom(local) == 0);
			try (RawClient again = RawClient.connect(service.linePort());
					RawClient andAgain = RawClient.connect(service.linePort())) {
				assertAcked(again, "released");
				assertAcked(andAgain, "released too");
			}
		}
	}

}
