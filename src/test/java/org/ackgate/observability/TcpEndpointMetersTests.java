package org.ackgate.observability;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.ackgate.tcp.CloseReason;
import org.ackgate.tcp.AllowList;
import org.ackgate.tcp.ConnectionAdmission;
import org.ackgate.wire.ProtocolViolation;

import static org.assertj.core.api.Assertions.assertThat;

class TcpEndpointMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void everySeriesExistsAtZeroBeforeTheFirstConnection() {
		new TcpEndpointMeters(this.registry, new ConnectionAdmission("framed", AllowList.ANYONE, 10, 0),
				new EndpointDescriptor.TcpMeters(true, null, true));
		for (CloseReason reason : CloseReason.values()) {
			assertThat(count(MeterNames.CONNECTIONS_CLOSED, "framed", reason.label())).isZero();
		}
		for (String reason : new String[] { "oversize", "negative_length", "truncated", "skipped_bytes" }) {
			assertThat(count(MeterNames.PROTOCOL_ERRORS, "framed", reason)).isZero();
		}
		assertThat(this.registry.get(MeterNames.RECEIPTS).tag("endpoint", "framed").counter().count()).isZero();
		assertThat(this.registry.get(MeterNames.ACK_LATENCY).tag("endpoint", "framed").timer().count()).isZero();
		assertThat(this.registry.get(MeterNames.CONNECTIONS_ACTIVE).tag("endpoint", "framed").gauge().value()).isZero();
	}

	@Test
	void onlyTheSeriesThatMeanSomethingForAnEndpointExist() {
		new TcpEndpointMeters(this.registry, new ConnectionAdmission("time", AllowList.ANYONE, 10, 0),
				new EndpointDescriptor.TcpMeters(false, "text", false));
		new TcpEndpointMeters(this.registry, new ConnectionAdmission("line", AllowList.ANYONE, 10, 0),
				new EndpointDescriptor.TcpMeters(true, null, false));
		assertThat(this.registry.find(MeterNames.ACKS_SENT).tag("endpoint", "time").counter()).isNull();
		assertThat(this.registry.find(MeterNames.TIME_RESPONSES).tag("endpoint", "time").counter()).isNotNull();
		assertThat(this.registry.find(MeterNames.TIME_RESPONSES).tag("endpoint", "line").counter()).isNull();
		assertThat(this.registry.find(MeterNames.RECEIPTS).tag("endpoint", "line").counter()).isNull();
		assertThat(this.registry.find(MeterNames.PROTOCOL_ERRORS).tags("endpoint", "line", "reason", "skipped_bytes")
			.counter()).isNull();
	}

	@Test
	void repliesToMessagesAreAcksWithLatencyAndUnaskedRepliesAreTimeResponses() {
		TcpEndpointMeters line = new TcpEndpointMeters(this.registry, new ConnectionAdmission("line", AllowList.ANYONE, 10, 0),
				new EndpointDescriptor.TcpMeters(true, null, false));
		TcpEndpointMeters time = new TcpEndpointMeters(this.registry, new ConnectionAdmission("time", AllowList.ANYONE, 10, 0),
				new EndpointDescriptor.TcpMeters(false, "text", false));
		line.messageReceived("line", 5);
		line.replySent("line", 16, TimeUnit.MICROSECONDS.toNanos(80));
		time.replySent("time", 20, -1);
		assertThat(this.registry.get(MeterNames.MESSAGES_RECEIVED).tag("endpoint", "line").counter().count()).isOne();
		assertThat(this.registry.get(MeterNames.ACKS_SENT).tag("endpoint", "line").counter().count()).isOne();
		assertThat(this.registry.get(MeterNames.BYTES_SENT).tag("endpoint", "line").counter().count()).isEqualTo(16);
		assertThat(this.registry.get(MeterNames.TIME_RESPONSES).tag("endpoint", "time").counter().count()).isOne();
		assertThat(this.registry.get(MeterNames.BYTES_SENT).tag("endpoint", "time").counter().count()).isEqualTo(20);
		Timer latency = this.registry.get(MeterNames.ACK_LATENCY).tag("endpoint", "line").timer();
		assertThat(latency.totalTime(TimeUnit.MICROSECONDS)).isEqualTo(80);
		CountAtBucket[] buckets = latency.takeSnapshot().histogramCounts();
		assertThat(buckets).hasSize(TcpEndpointMeters.LATENCY_BUCKETS.length);
		assertThat(buckets[0].bucket(TimeUnit.MICROSECONDS)).isEqualTo(10);
		assertThat(buckets[8].bucket(TimeUnit.MICROSECONDS)).isEqualTo(63);
		assertThat(buckets[9].bucket(TimeUnit.MICROSECONDS)).isEqualTo(80);
		assertThat(buckets[8].count()).as("not within 63 µs").isZero();
		assertThat(buckets[9].count()).as("within 80 µs").isOne();
	}

	/** Fine where acks are, so that histogram_quantile's interpolation stays within a narrow bucket. */
	@Test
	void latencyBucketsAreFineFrom10MicrosecondsTo100MillisecondsThenCoarseTo10Seconds() {
		double[] seconds = Arrays.stream(TcpEndpointMeters.LATENCY_BUCKETS).mapToDouble(d -> d.toNanos() / 1e9).toArray();
		assertThat(seconds).hasSize(77).startsWith(10e-6, 12.5e-6, 16e-6, 20e-6, 25e-6, 31.5e-6, 40e-6, 50e-6, 63e-6,
				80e-6, 100e-6, 112e-6, 125e-6, 140e-6);
		assertThat(seconds).containsSubsequence(1e-3, 1.12e-3, 1.25e-3, 1.4e-3, 1.6e-3, 1.8e-3, 2e-3, 2.24e-3, 2.5e-3,
				2.8e-3, 3.15e-3, 3.55e-3, 4e-3, 4.5e-3, 5e-3, 5.6e-3, 6.3e-3, 7.1e-3, 8e-3, 9e-3, 10e-3);
		assertThat(Arrays.copyOfRange(seconds, 70, 77)).containsExactly(0.1, 0.25, 0.5, 1, 2.5, 5, 10);
		for (int i = 1; i <= 10; i++) {
			assertThat(seconds[i] / seconds[i - 1]).as("bucket %d over bucket %d", i, i - 1).isBetween(1.2, 1.3);
		}
		for (int i = 11; i <= 70; i++) {
			assertThat(seconds[i] / seconds[i - 1]).as("bucket %d over bucket %d", i, i - 1).isBetween(1.1, 1.15);
		}
	}

	@Test
	void aConnectionRefusedAtTheLimitIsOpenedAndClosedWithReasonLimit() {
		ConnectionAdmission admission = new ConnectionAdmission("line", AllowList.ANYONE, 10, 0);
		TcpEndpointMeters meters = new TcpEndpointMeters(this.registry, admission,
				new EndpointDescriptor.TcpMeters(true, null, false));
		meters.opened("line");
		meters.rejected("line", CloseReason.LIMIT);
		meters.closed("line", CloseReason.IDLE);
		meters.protocolError("line", ProtocolViolation.Kind.OVERSIZE);
		assertThat(this.registry.get(MeterNames.CONNECTIONS_OPENED).tag("endpoint", "line").counter().count())
			.isEqualTo(2);
		assertThat(count(MeterNames.CONNECTIONS_CLOSED, "line", "limit")).isOne();
		assertThat(count(MeterNames.CONNECTIONS_CLOSED, "line", "idle")).isOne();
		assertThat(count(MeterNames.PROTOCOL_ERRORS, "line", "oversize")).isOne();
	}

	@Test
	void skippedBytesCountOneProtocolErrorPerResynchronisationAndEveryByte() {
		TcpEndpointMeters meters = new TcpEndpointMeters(this.registry, new ConnectionAdmission("framed", AllowList.ANYONE, 10, 0),
				new EndpointDescriptor.TcpMeters(true, null, true));
		meters.skippedBytes("framed", 3);
		meters.skippedBytes("framed", 4);
		meters.receipt("framed");
		assertThat(count(MeterNames.PROTOCOL_ERRORS, "framed", "skipped_bytes")).isEqualTo(2);
		assertThat(this.registry.get(MeterNames.SKIPPED_BYTES).counter().count()).isEqualTo(7);
		assertThat(this.registry.get(MeterNames.RECEIPTS).counter().count()).isOne();
	}

	private double count(String name, String endpoint, String reason) {
		Counter counter = this.registry.get(name).tags("endpoint", endpoint, "reason", reason).counter();
		return counter.count();
	}

}
