package org.ackgate.client.bench;

import org.HdrHistogram.Histogram;

/**
 * The latency percentiles a bench reports, in microseconds, from a histogram of nanoseconds.
 * @param count replies measured
 * @param p50 median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max the slowest reply
 * @param mean the average
 */
record LatencySummary(long count, double p50, double p90, double p99, double p999, double max, double mean) {

	static LatencySummary of(Histogram nanos) {
		if (nanos.getTotalCount() == 0) {
			return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
		}
		return new LatencySummary(nanos.getTotalCount(), micros(nanos.getValueAtPercentile(50)),
				micros(nanos.getValueAtPercentile(90)), micros(nanos.getValueAtPercentile(99)),
				micros(nanos.getValueAtPercentile(99.9)), micros(nanos.getMaxValue()), nanos.getMean() / 1000.0);
	}

	private static double micros(long nanos) {
		return nanos / 1000.0;
	}

}
