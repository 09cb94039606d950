package org.ackgate.tcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;

import org.ackgate.messages.AcceptedMessage;
import org.ackgate.messages.Confirmations;
import org.ackgate.messages.WaitingSubscriber;
import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;
import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscriber that promises its confirmation instead of waiting for it (as Kafka in broker mode
 * does while the brokers answer), on the event-loop transport, with real sockets: the flow stays
 * on the loop, the ack is written only once the promise is kept, never when it fails, and the
 * next message of the connection waits for it.
 */
@ExtendWith(OutputCaptureExtension.class)
@TransportIndependent
class PromisedConfirmationsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static byte[] ack(String line) {
		return ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	@BeforeEach
	void reset() {
		Promising.SEEN.clear();
		Promising.PROMISES_NOW.set(true);
	}

	@Test
	void theAckWaitsForThePromisedConfirmationAndTheNextMessageForThatAck() throws Exception {
		try (TestService service = TestService.start(new Class<?>[] { Promising.class },
				"ackgate.tcp.transport=event-loop");
				RawClient client = RawClient.connect(service.linePort())) {
			client.write("one\ntwo\n");
			Seen one = Promising.next();
			assertThat(one.payload()).isEqualTo("one");
			assertThat(one.thread()).startsWith("ackgate-loop-");
			assertThat(one.promised()).isTrue();
			// Nothing is acked, and the second message is not even handed on, before the first is confirmed.
			client.assertSilentFor(Duration.ofMillis(300));
			assertThat(Promising.SEEN.poll(200, TimeUnit.MILLISECONDS)).isNull();
			one.confirmation().complete(null);
			assertThat(client.read(ack("one").length)).isEqualTo(ack("one"));
			Seen two = Promising.next();
			assertThat(two.payload()).isEqualTo("two");
			two.confirmation().complete(null);
			assertThat(client.read(ack("two").length)).isEqualTo(ack("two"));
		}
	}

	@Test
	void aFailedConfirmationClosesTheConnectionWithoutAnAckAndSaysWhy(CapturedOutput output) throws Exception {
		try (TestService service = TestService.start(new Class<?>[] { Promising.class },
				"ackgate.tcp.transport=event-loop");
				RawClient client = RawClient.connect(service.linePort())) {
			client.write("lost\nnever read\n");
			Seen lost = Promising.next();
			lost.confirmation().completeExceptionally(new IllegalStateException("the broker refused it"));
			assertThat(client.readToEnd()).isEmpty();
			assertThat(Promising.SEEN.poll(200, TimeUnit.MILLISECONDS)).as("the message after it").isNull();
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(output.getOut())
					.contains("message not handed off, so not acked: IllegalStateException: the broker refused it"));
			MeterRegistry registry = service.context().getBean(MeterRegistry.class);
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(registry.get("ackgate.connections.closed")
					.tag("endpoint", "line")
					.tag("reason", "error")
					.counter()
					.count()).isEqualTo(1.0));
		}
	}

	@Test
	void whileASubscriberCannotPromiseTheFlowLeavesTheLoopAndWaits() throws Exception {
		Promising.PROMISES_NOW.set(false);
		try (TestService service = TestService.start(new Class<?>[] { Promising.class },
				"ackgate.tcp.transport=event-loop");
				RawClient client = RawClient.connect(service.linePort())) {
			client.write("waits\n");
			Seen waits = Promising.next();
			assertThat(waits.promised()).isFalse();
			assertThat(waits.thread()).doesNotStartWith("ackgate-loop-");
			client.assertSilentFor(Duration.ofMillis(300));
			waits.confirmation().complete(null);
			assertThat(client.read(ack("waits").length)).isEqualTo(ack("waits"));
			// Once it can promise again, the next message stays on the loop.
			Promising.PROMISES_NOW.set(true);
			client.write("promised\n");
			Seen promised = Promising.next();
			assertThat(promised.promised()).isTrue();
			assertThat(promised.thread()).startsWith("ackgate-loop-");
			promised.confirmation().complete(null);
			assertThat(client.read(ack("promised").length)).isEqualTo(ack("promised"));
		}
	}

	@Test
	void whileAnAckWaitsAPipeliningClientCannotMakeTheServerBufferWhatFollows() throws Exception {
		try (TestService service = TestService.start(new Class<?>[] { Promising.class },
				"ackgate.tcp.transport=event-loop",
				"ackgate.shutdown.grace-period=1s");
				RawClient client = RawClient.connect(service.linePort())) {
			client.write("first\n");
			Seen first = Promising.next();
			// Far more than the socket buffers on both sides hold: the writer can only finish if the
			// server reads on, without bound, while the first message's ack waits.
			byte[] chunk = "x\n".repeat(32 * 1024).getBytes(StandardCharsets.US_ASCII);
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				try {
					for (int i = 0; i < 512; i++) {
						client.socket().getOutputStream().write(chunk);
					}
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !writer.isDone());
			assertThat(Promising.SEEN.poll(100, TimeUnit.MILLISECONDS)).as("a message after the first").isNull();
			first.confirmation().complete(null);
			assertThat(client.read(ack("first").length)).isEqualTo(ack("first"));
		}
	}

	record Seen(String payload, String thread, boolean promised, CompletableFuture<Void> confirmation) {
	}

	/** A waiting subscriber whose confirmations the test gives, one message at a time. */
	@Configuration(proxyBeanMethods = false)
	static class Promising {

		static final BlockingQueue<Seen> SEEN = new LinkedBlockingQueue<>();

		static final AtomicBoolean PROMISES_NOW = new AtomicBoolean(true);

		static Seen next() throws InterruptedException {
			@Nullable Seen seen = SEEN.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(seen).as("a message reached the subscriber within %s", WAIT).isNotNull();
			return seen;
		}

		@Bean
		WaitingSubscriber promisingSubscriber() {
			return new WaitingSubscriber("a test subscriber", PROMISES_NOW::get);
		}

		@Bean
		IntegrationFlow promisingFlow() {
			return IntegrationFlow.from("ackgate.messages").handle(message -> {
				AcceptedMessage accepted = (AcceptedMessage) message.getPayload();
				Confirmations confirmations = Confirmations.openIn(message.getHeaders());
				CompletableFuture<Void> confirmation = new CompletableFuture<>();
				SEEN.add(new Seen(new String(accepted.payload(), StandardCharsets.UTF_8),
						Thread.currentThread().getName(), confirmations != null, confirmation));
				if (confirmations != null) {
					confirmations.promise(confirmation);
				}
				else {
					confirmation.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
				}
			}, endpoint -> endpoint.id("test.promising")).get();
		}

	}

}
