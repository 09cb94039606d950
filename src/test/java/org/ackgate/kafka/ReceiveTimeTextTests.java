package org.ackgate.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiveTimeTextTests {

	/** The layout's definition, formatted the slow way on every call. */
	private static final DateTimeFormatter REFERENCE = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	@Test
	void alwaysNineFractionalDigits() {
		assertThat(text(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05.000000000Z");
		assertThat(text(Instant.parse("2026-12-04T21:10:42.000001200Z"))).isEqualTo("2026-12-04T21:10:42.000001200Z");
		assertThat(text(Instant.parse("2026-12-04T21:10:42.999999999Z"))).isEqualTo("2026-12-04T21:10:42.999999999Z");
	}

	@Test
	void theSameTextAsTheFormatterAcrossSecondsYearsAndEdges() {
		List<Instant> times = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(-1, 999_999_999),
				Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
				Instant.parse("+10000-01-01T00:00:00.5Z"), Instant.parse("2024-02-29T23:59:59.000000001Z")));
		SplittableRandom random = new SplittableRandom(42);
		Instant now = Instant.parse("2026-12-05T11:30:00Z");
		for (int i = 0; i < 20_000; i++) {
			// runs within one second (the cached prefix), jumps back and forth between seconds and
			// across days, months and years (a new prefix each time)
			long seconds = switch (i % 4) {
				case 0, 1 -> 0;
				case 2 -> random.nextLong(-3, 4);
				default -> random.nextLong(-400L * 365 * 86_400, 400L * 365 * 86_400);
			};
			times.add(Instant.ofEpochSecond(now.getEpochSecond() + seconds, random.nextInt(1_000_000_000)));
		}
		for (Instant time : times) {
			assertThat(text(time)).as("%s", time).isEqualTo(REFERENCE.format(time));
		}
	}

	@Test
	void threadsFormattingDifferentSecondsEachGetTheirOwn() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				Instant base = Instant.parse("2026-12-05T11:30:00Z").plusSeconds(t * 3_601L);
				runs.add(threads.submit(() -> {
					for (int i = 0; i < 50_000; i++) {
						Instant time = base.plusNanos(i * 20_011L);
						assertThat(text(time)).isEqualTo(REFERENCE.format(time));
					}
				}));
			}
			for (Future<?> run : runs) {
				run.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static String text(Instant time) {
		return new String(ReceiveTimeText.bytes(time), StandardCharsets.US_ASCII);
	}

}
