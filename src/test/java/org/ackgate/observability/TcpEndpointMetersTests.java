package org.ackgate.observability;

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
		assertThat(buckets[0].bucket(TimeUnit.MICROSECONDS)).isEqualTo(25);
		assertThat(buckets[2].bucket(TimeUnit.MICROSECONDS)).isEqualTo(100);
		assertThat(buckets[1].count()).as("not within 50 µs").isZero();
		assertThat(buckets[2].count()).as("within 100 µs").isOne();
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
