package org.ackgate.messages;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;

import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every ack follows a completed hand-off to {@code ackgate.messages}: a failing subscriber means
 * no ack and a closed connection; on shutdown, messages being handled get their ack and messages
 * arriving after the drain began get none.
 */
class HandOffIntegrationTests {

	private static final String[] ONLY_LINE = { "ackgate.framed.enabled=false", "ackgate.time.enabled=false",
			"ackgate.udp.enabled=false", "ackgate.shutdown.grace-period=5s" };

	private static byte[] ack(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void aFailedHandOffGetsNoAckAndClosesOnlyThatConnection() throws IOException {
		try (TestService service = TestService.start(new Class<?>[] { RecordingSubscriber.class }, ONLY_LINE);
				RawClient failing = RawClient.connect(service.linePort());
				RawClient other = RawClient.connect(service.linePort())) {
			Recorder recorder = service.context().getBean(Recorder.class);
			failing.write("ok 1\nfail\nafter fail\n");
			assertThat(failing.read(ack("ok 1").length)).isEqualTo(ack("ok 1"));
			assertThat(failing.closedByServer(Duration.ofSeconds(5))).isTrue();
			other.write("served\n");
			assertThat(other.read(ack("served").length)).isEqualTo(ack("served"));
			assertThat(recorder.published).containsExactly("ok 1", "served");
		}
	}

	@Test
	void shutdownAcksWhatIsBeingHandledRefusesWhatComesAfterAndClosesTheListenerFirst() throws Exception {
		TestService service = TestService.start(new Class<?>[] { RecordingSubscriber.class }, ONLY_LINE);
		Recorder recorder = service.context().getBean(Recorder.class);
		ApplicationAvailability availability = service.context().getBean(ApplicationAvailability.class);
		int port = service.linePort();
		try (RawClient slow = RawClient.connect(port); RawClient late = RawClient.connect(port)) {
			late.write("before\n");
			assertThat(late.read(ack("before").length)).isEqualTo(ack("before"));
			slow.write("slow\n");
			assertThat(recorder.slowStarted.await(5, TimeUnit.SECONDS)).isTrue();

			// A thread of its own: on two cores the common pool may have a single thread, already taken.
			CompletableFuture<Void> closing = CompletableFuture.runAsync(service::close,
					command -> new Thread(command, "closing").start());
			awaitRefused(port);
			assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);

			late.write("after the drain began\n");
			assertThat(late.closedByServer(Duration.ofSeconds(5))).isTrue();

			recorder.releaseSlow.countDown();
			assertThat(slow.read(ack("slow").length)).isEqualTo(ack("slow"));
			closing.get(10, TimeUnit.SECONDS);
			assertThat(slow.closedByServer(Duration.ofSeconds(5))).isTrue();
			assertThat(recorder.published).containsExactly("before", "slow");
		}
		finally {
			recorder.releaseSlow.countDown();
		}
	}

	private static void awaitRefused(int port) throws Exception {
		await("listener closed").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
			try (RawClient probe = RawClient.connect(port)) {
				return false;
			}
			catch (ConnectException refused) {
				return true;
			}
		});
	}

	/** Records what was published; fails on "fail", blocks on "slow" until released. */
	static final class Recorder {

		final List<String> published = new CopyOnWriteArrayList<>();

		final CountDownLatch slowStarted = new CountDownLatch(1);

		final CountDownLatch releaseSlow = new CountDownLatch(1);

		void accept(AcceptedMessage message) throws InterruptedException {
			String text = new String(message.payload(), StandardCharsets.UTF_8);
			if (text.equals("fail")) {
				throw new IllegalStateException("subscriber refused the message");
			}
			if (text.equals("slow")) {
				this.slowStarted.countDown();
				this.releaseSlow.await(10, TimeUnit.SECONDS);
			}
			this.published.add(text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingSubscriber {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		IntegrationFlow recordingSubscriberFlow(Recorder recorder) {
			return IntegrationFlow.from("ackgate.messages")
				.handle(AcceptedMessage.class, (message, headers) -> {
					try {
						recorder.accept(message);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return null;
				}, endpoint -> endpoint.id("test.recorder"))
				.get();
		}

	}

}
