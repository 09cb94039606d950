package org.ackgate.client.bench;

import java.time.Duration;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import org.ackgate.client.transport.ClientTarget;
import org.ackgate.framed.AckFraming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.withinPercentage;

class BenchReportTests {

	private static final BenchSettings SETTINGS = new BenchSettings(BenchProtocol.LINE, BenchEngine.SOCKET,
			new ClientTarget("127.0.0.1", 8080, Duration.ofSeconds(5)), 16, 1000, 64, Duration.ZERO, 1, 2, "已接收: ",
			"我收到了", AckFraming.RAW, false, 3);

	private static final BenchResult RESULT = new BenchResult(SETTINGS, 16000, 15998, 1, 1, 1,
			"no reply from 127.0.0.1:8080 within 5s", 4, 7, 2_000_000_000L,
			new LatencySummary(15999, 100.25, 200, 400, 1000, 5000.5, 150.04));

	@Test
	void textSummary() {
		assertThat(BenchReport.text(RESULT)).isEqualTo(String.join(System.lineSeparator(),
				"protocol     line (socket engine)",
				"target       127.0.0.1:8080",
				"connections  16, pipeline 1, 64-byte messages",
				"sent         16000",
				"acked        15998",
				"lost         1",
				"mismatched   1",
				"errors       1 (first: no reply from 127.0.0.1:8080 within 5s)",
				"reconnects   4 (7 messages sent again, unacked when the server closed)",
				"elapsed      2.000 s",
				"throughput   7999 messages/s",
				"latency      p50 100.3, p90 200.0, p99 400.0, p99.9 1000.0, max 5000.5 (µs)", ""));
	}

	@Test
	void jsonSummaryHasTheKeysScriptsRead() {
		String json = BenchReport.json(RESULT);
		assertThat(json).doesNotContain("\n");
		assertThat(JsonParserFactory.getJsonParser().parseMap(json)).contains(entry("protocol", "line"),
				entry("engine", "socket"), entry("connections", 16), entry("pipeline", 1), entry("size", 64),
				entry("messages_per_connection", 1000), entry("duration_seconds", null), entry("sent", 16000),
				entry("acked", 15998), entry("lost", 1), entry("mismatched", 1), entry("errors", 1),
				entry("first_error", "no reply from 127.0.0.1:8080 within 5s"), entry("reconnects", 4), entry("resent", 7),
				entry("elapsed_seconds", 2.0),
				entry("messages_per_second", 7999.0), entry("p50_us", 100.3), entry("p90_us", 200.0),
				entry("p99_us", 400.0), entry("p999_us", 1000.0), entry("max_us", 5000.5), entry("mean_us", 150.0));
	}

	@Test
	void jsonStringsAreEscaped() {
		assertThat(BenchReport.jsonValue("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
		assertThat(BenchReport.jsonValue(null)).isEqualTo("null");
		assertThat(BenchReport.jsonValue(2.5)).isEqualTo("2.5");
	}

	@Test
	void progressLine() {
		Histogram interval = new Histogram(3);
		interval.recordValue(250_000);
		assertThat(BenchReport.progress(3.04, 285_000, 95_123.4, 0, 0, 0, interval))
			.isEqualTo("[    3.0s] acked 285000 (95123/s), lost 0, mismatched 0, errors 0, p99 250.1 µs");
		assertThat(BenchReport.progress(1, 0, 0, 0, 0, 2, new Histogram(3)))
			.isEqualTo("[    1.0s] acked 0 (0/s), lost 0, mismatched 0, errors 2, p99 -");
	}

	@Test
	void latencySummaryInMicroseconds() {
		Histogram nanos = new Histogram(3);
		for (int i = 1; i <= 1000; i++) {
			nanos.recordValue(i * 1000L);
		}
		LatencySummary summary = LatencySummary.of(nanos);
		assertThat(summary.count()).isEqualTo(1000);
		// Three significant digits: HdrHistogram reports the top of a value's bucket, within 0.1%.
		assertThat(summary.p50()).isCloseTo(500.0, withinPercentage(0.1));
		assertThat(summary.p90()).isCloseTo(900.0, withinPercentage(0.1));
		assertThat(summary.p99()).isCloseTo(990.0, withinPercentage(0.1));
		assertThat(summary.p999()).isCloseTo(999.0, withinPercentage(0.1));
		assertThat(summary.max()).isCloseTo(1000.0, withinPercentage(0.1));
		assertThat(summary.mean()).isCloseTo(500.5, withinPercentage(0.1));
		assertThat(LatencySummary.of(new Histogram(3))).isEqualTo(new LatencySummary(0, 0, 0, 0, 0, 0, 0));
	}

	@Test
	void aCleanRunIsEveryRequestAcked() {
		assertThat(RESULT.clean()).isFalse();
		assertThat(new BenchResult(SETTINGS, 10, 10, 0, 0, 0, null, 0, 0, 1, RESULT.latency()).clean()).isTrue();
		// Messages sent again after a reconnect count once: the run is clean when each got its ack.
		assertThat(new BenchResult(SETTINGS, 10, 10, 0, 0, 0, null, 3, 5, 1, RESULT.latency()).clean()).isTrue();
		assertThat(new BenchResult(SETTINGS, 10, 9, 0, 0, 0, null, 0, 0, 1, RESULT.latency()).clean()).isFalse();
	}

}
