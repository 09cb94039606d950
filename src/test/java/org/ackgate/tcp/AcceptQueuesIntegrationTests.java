package org.ackgate.tcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;

import org.ackgate.support.Causes;
import org.ackgate.support.FreePort;
import org.ackgate.support.ProcNet;
import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;
import org.ackgate.support.TransportIndependent;
import org.ackgate.system.EndpointBindException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ackgate.tcp.accept-queues}: on the event-loop transport each ack port is held by that
 * many listening sockets sharing it with {@code SO_REUSEPORT}, each with an accept queue of its
 * own. The kernel picks one per connection, so every one of them must be accepting and served;
 * and sharing the port must not let a second service onto it.
 */
@TransportIndependent
class AcceptQueuesIntegrationTests {

	private static final String[] ONLY_LINE = { "ackgate.tcp.transport=event-loop", "ackgate.framed.enabled=false",
			"ackgate.time.enabled=false", "ackgate.udp.enabled=false" };

	private static final int CONNECTIONS = 200;

	@Test
	void everyConnectionIsServedWhicheverListeningSocketTheKernelGaveItTo() throws IOException {
		assumeLinuxLoops();
		try (TestService service = TestService.start(ONLY_LINE)) {
			assertThat(listeningSockets(service.linePort())).as("listening sockets on the line port").isEqualTo(2);
			// All connected before any is used: each waits in whichever socket's queue the kernel chose.
			List<RawClient> clients = new ArrayList<>();
			try {
				for (int i = 0; i < CONNECTIONS; i++) {
					clients.add(RawClient.connect(service.linePort()));
				}
				for (int i = 0; i < CONNECTIONS; i++) {
					clients.get(i).write("c" + i + "\n");
				}
				for (int i = 0; i < CONNECTIONS; i++) {
					byte[] ack = ("已接收: c" + i + "\n").getBytes(StandardCharsets.UTF_8);
					assertThat(clients.get(i).read(ack.length)).as("ack on connection %d", i).isEqualTo(ack);
				}
			}
			finally {
				for (RawClient client : clients) {
					client.close();
				}
			}
		}
	}

	@Test
	void oneAcceptQueueIsOneListeningSocket() throws IOException {
		assumeLinuxLoops();
		try (TestService service = TestService.start(with("ackgate.tcp.accept-queues=1"));
				RawClient client = RawClient.connect(service.linePort())) {
			assertThat(listeningSockets(service.linePort())).isEqualTo(1);
			client.write("one\n");
			byte[] ack = "已接收: one\n".getBytes(StandardCharsets.UTF_8);
			assertThat(client.read(ack.length)).isEqualTo(ack);
		}
	}

	@Test
	void aSecondServiceOnAPortTheFirstSharesAmongItsSocketsFailsStartup() throws IOException {
		assumeLinuxLoops();
		int port = FreePort.onLoopback();
		try (TestService first = TestService.start(with("ackgate.line.port=" + port))) {
			Throwable failure = catchThrowable(() -> TestService.start(with("ackgate.line.port=" + port)).close());
			assertThat(Causes.find(failure, EndpointBindException.class))
				.hasMessageStartingWith("Endpoint 'line' could not listen on TCP port " + port);
			assertThat(listeningSockets(port)).as("the first service's sockets, and no more").isEqualTo(2);
			try (RawClient client = RawClient.connect(first.linePort())) {
				client.write("still\n");
				byte[] ack = "已接收: still\n".getBytes(StandardCharsets.UTF_8);
				assertThat(client.read(ack.length)).isEqualTo(ack);
			}
		}
	}

	private static String[] with(String... more) {
		List<String> all = new ArrayList<>(List.of(ONLY_LINE));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	private static void assumeLinuxLoops() {
		assumeTrue(IoUring.isAvailable() || Epoll.isAvailable(),
				"neither io_uring nor epoll here: the loops run on NIO, which keeps one listening socket");
		assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "no /proc/net/tcp to count listening sockets in");
	}

	/** Sockets in LISTEN (state 0A) on the port, IPv4 and IPv6, from the kernel's own table. */
	private static long listeningSockets(int port) throws IOException {
		return ProcNet.onPort(port, "tcp", "tcp6").stream().filter(fields -> fields[3].equals("0A")).count();
	}

}
