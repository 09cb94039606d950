package org.ackgate.observability;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.integration.channel.DirectChannel;
import org.springframework.messaging.support.GenericMessage;

import static org.assertj.core.api.Assertions.assertThat;

class UdpEndpointMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final UdpEndpointMeters meters = new UdpEndpointMeters(this.registry);

	@Test
	void everyDatagramTheFullQueueTurnsAwayIsCountedAndStillDiscarded() throws InterruptedException {
		ThreadPoolExecutor workers = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
				new ThreadPoolExecutor.DiscardPolicy());
		this.meters.countDrops(workers);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		try {
			workers.execute(() -> {
				started.countDown();
				awaitQuietly(release);
			});
			assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			workers.execute(() -> {
			});
			for (int i = 0; i < 3; i++) {
				workers.execute(() -> {
				});
			}
			assertThat(this.registry.get(MeterNames.UDP_DROPPED).tag("reason", "queue_full").counter().count())
				.isEqualTo(3);
			assertThat(workers.getQueue()).hasSize(1);
		}
		finally {
			release.countDown();
			workers.shutdownNow();
		}
	}

	@Test
	void requestsAreCountedOnTheWayInAndRepliesOnlyOnceSent() {
		DirectChannel requests = new DirectChannel();
		requests.addInterceptor(this.meters.requestCounter());
		requests.subscribe(message -> {
		});
		DirectChannel replies = new DirectChannel();
		replies.addInterceptor(this.meters.replyCounter());
		replies.subscribe(message -> {
		});
		requests.send(new GenericMessage<>(new byte[12]));
		replies.send(new GenericMessage<>(new byte[20]));
		assertThat(this.registry.get(MeterNames.UDP_REQUESTS).tag("dialect", "text").counter().count()).isOne();
		assertThat(this.registry.get(MeterNames.BYTES_RECEIVED).counter().count()).isEqualTo(12);
		assertThat(this.registry.get(MeterNames.TIME_RESPONSES).counter().count()).isOne();
		assertThat(this.registry.get(MeterNames.BYTES_SENT).counter().count()).isEqualTo(20);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
