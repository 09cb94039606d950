package org.ackgate.observability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboard is valid JSON, queries only public metric names, and its PromQL parses. */
class DashboardTests {

	private static final Path DASHBOARD = Path.of("dashboards/ackgate.json");

	private static final Set<String> PUBLIC_NAMES = Set.of("ackgate_connections_active",
			"ackgate_connections_opened_total", "ackgate_connections_closed_total", "ackgate_messages_received_total",
			"ackgate_acks_sent_total", "ackgate_receipts_total", "ackgate_bytes_received_total",
			"ackgate_bytes_sent_total", "ackgate_protocol_errors_total", "ackgate_ack_latency_seconds_bucket",
			"ackgate_time_responses_total", "ackgate_udp_requests_total", "ackgate_udp_dropped_total",
			"ackgate_journal_appends_total", "ackgate_journal_fsyncs_total", "ackgate_journal_append_failures_total",
			"ackgate_journal_group_size_bucket", "ackgate_journal_size_bytes", "ackgate_journal_bytes_total",
			"ackgate_relay_forwarded_total", "ackgate_relay_retries_total", "ackgate_relay_rejected_total",
			"ackgate_relay_backlog_bytes", "ackgate_relay_upstream_up", "ackgate_kafka_records_sent_total",
			"ackgate_kafka_send_failures_total", "ackgate_kafka_send_latency_seconds_bucket",
			"ackgate_kafka_backlog_records");

	private static final Pattern METRIC = Pattern.compile("ackgate_[a-z_]+");

	@Test
	void queriesOnlyPublicMetricNamesAndCoversWhatOperatorsAskFor() throws IOException {
		List<String> expressions = expressions();
		Set<String> used = new TreeSet<>();
		expressions.forEach(expression -> {
			Matcher matcher = METRIC.matcher(expression);
			while (matcher.find()) {
				used.add(matcher.group());
			}
		});
		assertThat(PUBLIC_NAMES).containsAll(used);
		assertThat(used).contains("ackgate_connections_active", "ackgate_messages_received_total",
				"ackgate_acks_sent_total", "ackgate_protocol_errors_total", "ackgate_ack_latency_seconds_bucket",
				"ackgate_udp_requests_total", "ackgate_journal_appends_total", "ackgate_relay_backlog_bytes",
				"ackgate_relay_upstream_up", "ackgate_kafka_records_sent_total", "ackgate_kafka_backlog_records");
		assertThat(expressions).anyMatch(expression -> expression.startsWith("histogram_quantile(0.99"))
			.anyMatch(expression -> expression.startsWith("histogram_quantile(0.5"));
	}

	/** The optional features' panels sit in collapsed rows, out of the way where the feature is off. */
	@Test
	void theJournalTheRelayAndKafkaHaveACollapsedRowEach() throws IOException {
		Map<String, List<String>> rows = new LinkedHashMap<>();
		for (JsonNode panel : dashboard().get("panels")) {
			if ("row".equals(panel.get("type").asString()) && panel.get("collapsed").asBoolean()) {
				List<String> expressions = new ArrayList<>();
				panel.get("panels").forEach(nested -> targets(nested, expressions));
				rows.put(panel.get("title").asString(), expressions);
			}
		}
		assertThat(rows).containsOnlyKeys("Journal", "Relay", "Kafka");
		rows.forEach((title, expressions) -> assertThat(expressions).as(title)
			.isNotEmpty()
			.allMatch(expression -> expression.contains("ackgate_" + title.toLowerCase(Locale.ROOT) + "_")));
	}

	@Test
	void everyQueryIsValidPromql(@TempDir Path directory) throws Exception {
		Promtool.assumeInstalled();
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		int index = 0;
		for (String expression : expressions()) {
			String concrete = expression.replace("$__rate_interval", "5m").replace("$instance", ".*");
			rules.append("      - record: dashboard:query").append(index++).append('\n')
				.append("        expr: '").append(concrete.replace("'", "''")).append("'\n");
		}
		Path file = directory.resolve("dashboard-rules.yml");
		Files.writeString(file, rules, StandardCharsets.UTF_8);
		Promtool.Result result = Promtool.run("check", "rules", file.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	private static JsonNode dashboard() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		assertThat(dashboard.get("uid").asString()).isEqualTo("ackgate");
		return dashboard;
	}

	/** Every panel's queries, those inside collapsed rows included (Grafana keeps them in the row). */
	private static List<String> expressions() throws IOException {
		List<String> expressions = new ArrayList<>();
		dashboard().get("panels").forEach(panel -> targets(panel, expressions));
		assertThat(expressions).isNotEmpty();
		return expressions;
	}

	private static void targets(JsonNode panel, List<String> expressions) {
		JsonNode targets = panel.get("targets");
		if (targets != null) {
			targets.forEach(target -> expressions.add(target.get("expr").asString()));
		}
		JsonNode nested = panel.get("panels");
		if (nested != null) {
			nested.forEach(inner -> targets(inner, expressions));
		}
	}

}
