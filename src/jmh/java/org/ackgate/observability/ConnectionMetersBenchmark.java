package org.ackgate.observability;

import java.util.concurrent.TimeUnit;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.ackgate.tcp.ConnectionObserver;
import org.ackgate.tcp.AllowList;
import org.ackgate.tcp.ConnectionAdmission;

/**
 * What metering costs a connection thread per acked message: the three observer calls one line
 * ack makes (bytes read, message decoded, ack written with its latency), against an observer that
 * does nothing. Run with {@code -prof gc} to see the allocation per message (expected: none).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConnectionMetersBenchmark {

	/** {@code noop}: an observer that does nothing; {@code prometheus}: ackgate's meters on a Prometheus registry. */
	@Param({ "noop", "prometheus" })
	public String observer;

	private ConnectionObserver target;

	private long latencyNanos;

	@Setup
	public void setUp() {
		if (this.observer.equals("noop")) {
			this.target = new ConnectionObserver() {
			};
		}
		else {
			PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			this.target = new TcpEndpointMeters(registry,
					new ConnectionAdmission("line", AllowList.ANYONE, 10_000, 0),
					new EndpointDescriptor.TcpMeters(true, null, false));
		}
	}

	@Benchmark
	public void ackedMessage() {
		// Latencies from 20 µs to ~1.3 ms, so the histogram's bucket search does real work.
		long latency = 20_000 + (this.latencyNanos = (this.latencyNanos + 7_919) & 0xFFFFF);
		this.target.bytesReceived("line", 64);
		this.target.messageReceived("line", 63);
		this.target.replySent("line", 74, latency);
	}

}
