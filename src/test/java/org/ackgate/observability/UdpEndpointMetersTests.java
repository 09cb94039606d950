package org.ackgate.observability;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class UdpEndpointMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final UdpEndpointMeters meters = new UdpEndpointMeters(this.registry,
			java.util.Map.of("udp", java.util.List.of("text", "ntp", "invalid")));

	@Test
	void everyDatagramTheFullQueueTurnsAwayIsCountedAndStillDiscarded() throws InterruptedException {
		ThreadPoolExecutor workers = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
				new ThreadPoolExecutor.DiscardPolicy());
		this.meters.countDrops("udp", workers);
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
	void requestsRateLimitsAndRepliesAreCountedByEndpointAndDialect() {
		this.meters.request("udp", "ntp", 48);
		this.meters.replied("udp", "ntp", 48);
		this.meters.request("udp", "text", 12);
		this.meters.rateLimited("udp", "text");
		this.meters.request("rfc868", "rfc868", 0);
		this.meters.replied("rfc868", "rfc868", 4);
		assertThat(this.registry.get(MeterNames.UDP_REQUESTS).tags("endpoint", "udp", "dialect", "ntp").counter().count())
			.isOne();
		assertThat(this.registry.get(MeterNames.UDP_RATE_LIMITED).tags("endpoint", "udp", "dialect", "text").counter()
			.count()).isOne();
		assertThat(this.registry.get(MeterNames.TIME_RESPONSES).tags("endpoint", "udp", "dialect", "text").counter()
			.count()).isZero();
		assertThat(this.registry.get(MeterNames.BYTES_RECEIVED).tag("endpoint", "udp").counter().count()).isEqualTo(60);
		assertThat(this.registry.get(MeterNames.BYTES_SENT).tag("endpoint", "rfc868").counter().count()).isEqualTo(4);
		assertThat(this.registry.get(MeterNames.TIME_RESPONSES).tags("endpoint", "rfc868", "dialect", "rfc868").counter()
			.count()).isOne();
	}

	@Test
	void theEnabledEndpointsDialectsExistFromTheStart() {
		assertThat(this.registry.get(MeterNames.UDP_REQUESTS).tags("endpoint", "udp", "dialect", "invalid").counter()
			.count()).isZero();
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
