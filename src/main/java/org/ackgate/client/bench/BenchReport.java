package org.ackgate.client.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The bench's output: the summary a person reads, the JSON a script reads (one object, keys in
 * snake_case, latencies in microseconds), and the progress line written while it runs.
 */
final class BenchReport {

	private BenchReport() {
	}

	static String text(BenchResult result) {
		BenchSettings settings = result.settings();
		LatencySummary latency = result.latency();
		StringBuilder text = new StringBuilder(512);
		line(text, "protocol", settings.protocol().label() + " (" + settings.engine().label() + " engine)");
		line(text, "target", settings.target().address());
		line(text, "connections", settings.connections() + ", pipeline " + settings.pipeline() + ", "
				+ settings.size() + "-byte messages");
		line(text, "sent", Long.toString(result.sent()));
		line(text, "acked", Long.toString(result.acked()));
		line(text, "lost", Long.toString(result.lost()));
		line(text, "mismatched", Long.toString(result.mismatched()));
		line(text, "errors", result.errors() + ((result.firstError() != null) ? " (first: " + result.firstError() + ")" : ""));
		line(text, "reconnects", result.reconnects() + ((result.resent() > 0) ? " (" + result.resent()
				+ ((result.resent() == 1) ? " message" : " messages") + " sent again, unacked when the server closed)" : ""));
		line(text, "elapsed", format("%.3f s", result.elapsedSeconds()));
		line(text, "throughput", format("%.0f messages/s", result.messagesPerSecond()));
		line(text, "latency", format("p50 %s, p90 %s, p99 %s, p99.9 %s, max %s (µs)", micros(latency.p50()),
				micros(latency.p90()), micros(latency.p99()), micros(latency.p999()), micros(latency.max())));
		return text.toString();
	}

	static String json(BenchResult result) {
		BenchSettings settings = result.settings();
		LatencySummary latency = result.latency();
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("protocol", settings.protocol().label());
		fields.put("engine", settings.engine().label());
		fields.put("host", settings.target().host());
		fields.put("port", settings.target().port());
		fields.put("connections", settings.connections());
		fields.put("pipeline", settings.pipeline());
		fields.put("size", settings.size());
		fields.put("messages_per_connection", (settings.messagesPerConnection() > 0) ? settings.messagesPerConnection() : null);
		fields.put("duration_seconds", settings.duration().isZero() ? null : settings.duration().toMillis() / 1000.0);
		fields.put("sent", result.sent());
		fields.put("acked", result.acked());
		fields.put("lost", result.lost());
		fields.put("mismatched", result.mismatched());
		fields.put("errors", result.errors());
		fields.put("first_error", result.firstError());
		fields.put("reconnects", result.reconnects());
		fields.put("resent", result.resent());
		fields.put("elapsed_seconds", round(result.elapsedSeconds(), 6));
		fields.put("messages_per_second", round(result.messagesPerSecond(), 1));
		fields.put("p50_us", round(latency.p50(), 1));
		fields.put("p90_us", round(latency.p90(), 1));
		fields.put("p99_us", round(latency.p99(), 1));
		fields.put("p999_us", round(latency.p999(), 1));
		fields.put("max_us", round(latency.max(), 1));
		fields.put("mean_us", round(latency.mean(), 1));
		StringBuilder json = new StringBuilder(512).append('{');
		fields.forEach((key, value) -> {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append('"').append(key).append("\":").append(jsonValue(value));
		});
		return json.append('}').toString();
	}

	/**
	 * One progress line: time since the start, acks and their rate over the interval, failures so
	 * far, the interval's p99.
	 */
	static String progress(double elapsedSeconds, long acked, double intervalRate, long lost, long mismatched,
			long errors, Histogram interval) {
		String p99 = (interval.getTotalCount() > 0) ? micros(interval.getValueAtPercentile(99) / 1000.0) + " µs" : "-";
		return format("[%7.1fs] acked %d (%.0f/s), lost %d, mismatched %d, errors %d, p99 %s", elapsedSeconds,
				acked, intervalRate, lost, mismatched, errors, p99);
	}

	private static void line(StringBuilder text, String key, String value) {
		text.append(String.format(Locale.ROOT, "%-12s %s%n", key, value));
	}

	private static String micros(double micros) {
		return format("%.1f", micros);
	}

	private static double round(double value, int decimals) {
		double scale = Math.pow(10, decimals);
		return Math.round(value * scale) / scale;
	}

	private static String format(String pattern, Object... args) {
		return String.format(Locale.ROOT, pattern, args);
	}

	static String jsonValue(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof Number) {
			return value.toString();
		}
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : value.toString().toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
