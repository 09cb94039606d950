package org.ackgate.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringServerSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;
import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What is particular to the event-loop transport, on real sockets: which threads run the flow,
 * acks to pipelined messages in order, and the choice of transport. Everything else the
 * transports share is checked by running every integration test on both (the pom's
 * {@code blocking-transport} execution runs them again on the other).
 */
@TransportIndependent
class EventLoopTransportIntegrationTests {

	private static byte[] ack(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void theFlowRunsInlineOnTheEventLoopThatReadTheMessage() throws IOException {
		ThreadsSeen.NAMES.clear();
		try (TestService service = TestService.start(new Class<?>[] { ThreadsSeen.class },
				"ackgate.tcp.transport=event-loop", "ackgate.tcp.loop-threads=2");
				RawClient client = RawClient.connect(service.linePort())) {
			assertThat(service.factory("lineConnectionFactory")).isInstanceOf(LoopServerConnectionFactory.class);
			assertThat(service.factory("framedConnectionFactory")).isInstanceOf(LoopServerConnectionFactory.class);
			// The endpoints that write on connect keep a thread per connection: they read nothing per message.
			assertThat(service.factory("timeConnectionFactory")).isInstanceOf(BlockingServerConnectionFactory.class);
			client.write("on the loop\n");
			assertThat(client.read(ack("on the loop").length)).isEqualTo(ack("on the loop"));
			assertThat(ThreadsSeen.NAMES).singleElement().asString().startsWith("ackgate-loop-");
		}
	}

	@Test
	void aWaitingSubscriberMovesTheFlowOffTheLoopAndPipelinedAcksKeepTheirOrder(@TempDir Path journal)
			throws IOException {
		ThreadsSeen.NAMES.clear();
		try (TestService service = TestService.start(new Class<?>[] { ThreadsSeen.class },
				"ackgate.tcp.transport=event-loop", "ackgate.journal.enabled=true",
				"ackgate.journal.directory=" + journal, "ackgate.journal.fsync=always");
				RawClient client = RawClient.connect(service.linePort())) {
			assertThat(((LoopServerConnectionFactory) service.factory("lineConnectionFactory")).runsFlowsOffTheLoop())
				.isTrue();
			assertPipelinedAcksInOrder(client, 2_000);
			assertThat(ThreadsSeen.NAMES).isNotEmpty().noneMatch(name -> name.startsWith("ackgate-loop-"));
		}
	}

	@Test
	void tenThousandPipelinedLinesInOneWriteGetTheirAcksInOrder() throws IOException {
		try (TestService service = TestService.start("ackgate.tcp.transport=event-loop");
				RawClient client = RawClient.connect(service.linePort())) {
			assertThat(((LoopServerConnectionFactory) service.factory("lineConnectionFactory")).runsFlowsOffTheLoop())
				.isFalse();
			assertPipelinedAcksInOrder(client, 10_000);
		}
	}

	@Test
	void autoRunsTheLoopsOnIoUringWhereTheKernelAllowsItElseOnEpoll() throws IOException {
		assertServedOn("auto", IoUring.isAvailable() ? IoUringServerSocketChannel.class : EpollServerSocketChannel.class);
	}

	@Test
	void epollAndTheJdksSelectorStaySelectable() throws IOException {
		assertServedOn("epoll", EpollServerSocketChannel.class);
		assertServedOn("nio", NioServerSocketChannel.class);
	}

	private static void assertServedOn(String loopIo, Class<? extends ServerChannel> expected) throws IOException {
		try (TestService service = TestService.start("ackgate.tcp.transport=event-loop", "ackgate.tcp.loop-io=" + loopIo);
				RawClient client = RawClient.connect(service.linePort())) {
			assertThat(((LoopServerConnectionFactory) service.factory("lineConnectionFactory")).serverChannelType())
				.isEqualTo(expected);
			assertPipelinedAcksInOrder(client, 1_000);
		}
	}

	@Test
	void theBlockingTransportStaysSelectable() throws IOException {
		try (TestService service = TestService.start("ackgate.tcp.transport=blocking");
				RawClient client = RawClient.connect(service.linePort())) {
			assertThat(service.factory("lineConnectionFactory")).isInstanceOf(BlockingServerConnectionFactory.class);
			client.write("blocking\n");
			assertThat(client.read(ack("blocking").length)).isEqualTo(ack("blocking"));
		}
	}

	@Test
	void connectionsClosedAtTheDrainLeaveNoSlotAndNoRegistration() throws IOException {
		try (TestService service = TestService.start("ackgate.tcp.transport=event-loop")) {
			EndpointServerConnectionFactory line = service.factory("lineConnectionFactory");
			for (int i = 0; i < 50; i++) {
				try (RawClient client = RawClient.connect(service.linePort())) {
					client.write("n" + i + "\n");
					assertThat(client.read(ack("n" + i).length)).isEqualTo(ack("n" + i));
				}
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> line.admission().activeConnections() == 0 && line.registeredConnections() == 0);
		}
	}

	/* Written in one go by a thread of its own, so a server that acks as it reads cannot deadlock the test. */
	private static void assertPipelinedAcksInOrder(RawClient client, int count) throws IOException {
		ByteArrayOutputStream lines = new ByteArrayOutputStream();
		ByteArrayOutputStream acks = new ByteArrayOutputStream();
		for (int i = 0; i < count; i++) {
			lines.writeBytes(("message " + i + "\n").getBytes(StandardCharsets.UTF_8));
			acks.writeBytes(ack("message " + i));
		}
		Thread writer = new Thread(() -> {
			try {
				client.write(lines.toByteArray());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		writer.start();
		assertThat(new String(client.read(acks.size()), StandardCharsets.UTF_8))
			.isEqualTo(acks.toString(StandardCharsets.UTF_8));
	}

	/** A subscriber of {@code ackgate.messages} that notes which thread ran it. */
	@Configuration(proxyBeanMethods = false)
	static class ThreadsSeen {

		static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

		@Bean
		IntegrationFlow threadsSeenFlow() {
			return IntegrationFlow.from("ackgate.messages").handle(message -> {
				NAMES.add(Thread.currentThread().getName());
			}, endpoint -> endpoint.id("test.threadsSeen")).get();
		}

	}

}
