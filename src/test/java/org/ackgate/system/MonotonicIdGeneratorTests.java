package org.ackgate.system;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;

class MonotonicIdGeneratorTests {

	@Test
	void idsCountUpUnderOnePrefix() {
		MonotonicIdGenerator ids = new MonotonicIdGenerator(0x1234_5678_9abc_def0L);
		assertThat(ids.generateId()).isEqualTo(new UUID(0x1234_5678_9abc_def0L, 1));
		assertThat(ids.generateId()).isEqualTo(new UUID(0x1234_5678_9abc_def0L, 2));
	}

	@Test
	void twoGeneratorsDrawDifferentPrefixes() {
		assertThat(new MonotonicIdGenerator().generateId().getMostSignificantBits())
			.isNotEqualTo(new MonotonicIdGenerator().generateId().getMostSignificantBits());
	}

	@Test
	void idsFromManyThreadsNeverRepeat() throws Exception {
		MonotonicIdGenerator ids = new MonotonicIdGenerator();
		Set<UUID> seen = ConcurrentHashMap.newKeySet();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			Future<?>[] runs = new Future<?>[4];
			for (int i = 0; i < runs.length; i++) {
				runs[i] = pool.submit(() -> {
					for (int n = 0; n < 50_000; n++) {
						assertThat(seen.add(ids.generateId())).isTrue();
					}
				});
			}
			for (Future<?> run : runs) {
				run.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(seen).hasSize(200_000);
	}

	@Test
	void theServicesMessagesCarryItsIds() {
		try (TestService service = TestService.start("ackgate.line.enabled=false", "ackgate.framed.enabled=false",
				"ackgate.time.enabled=false", "ackgate.udp.enabled=false")) {
			MonotonicIdGenerator generator = service.context().getBean(MonotonicIdGenerator.class);
			UUID next = generator.generateId();
			Message<String> message = MessageBuilder.withPayload("x").build();
			assertThat(message.getHeaders().getId()).isNotNull();
			assertThat(message.getHeaders().getId().getMostSignificantBits()).isEqualTo(next.getMostSignificantBits());
			assertThat(message.getHeaders().getId().getLeastSignificantBits())
				.isGreaterThan(next.getLeastSignificantBits());
		}
	}

}
