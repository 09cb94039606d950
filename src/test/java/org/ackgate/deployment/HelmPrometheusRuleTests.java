package org.ackgate.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.ackgate.observability.Promtool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerting rules: the chart's PrometheusRule and {@code monitoring/ackgate-rules.yaml} are one
 * set of rules, each alert has its runbook and its promtool unit tests (firing and not firing), and
 * Prometheus's own {@code promtool} accepts both files where it is installed.
 */
class HelmPrometheusRuleTests {

	private static final Path RULES = Path.of("monitoring", "ackgate-rules.yaml");

	private static final Path RULE_TESTS = Path.of("monitoring", "ackgate-rules.test.yaml");

	/** The runbooks' path in the repository: every runbook_url's default. */
	private static final String RUNBOOKS = "docs/observability.md";

	@Test
	void thePrometheusRuleIsTheRulesFileRenderedWithTheDefaultValues() {
		HelmChart.Rendered rendered = HelmChart.renderDefaults("monitoring.rules.enabled", "true",
				"monitoring.rules.force", "true");
		Map<String, Object> rule = rendered.one("PrometheusRule", HelmChart.RELEASE);
		assertThat(Values.at(rule, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
		assertThat(rule.get("spec")).isEqualTo(Values.load(RULES));
	}

	/**
	 * up == 0 needs a target: when the targets vanish (workload deleted, selector or job drifted)
	 * only absent() notices, for the same job as AckgateTargetDown.
	 */
	@Test
	void vanishedTargetsAlertLikeFailedOnes() {
		Map<String, Map<String, Object>> alerts = alerts(HelmChart.renderDefaults("monitoring.rules.enabled", "true",
				"monitoring.rules.force", "true", "monitoring.rules.scrapeJob", "kubernetes-pods",
				"monitoring.rules.targetDown.absentFor", "15m")
			.one("PrometheusRule", HelmChart.RELEASE)
			.get("spec"));
		assertThat(alerts.get("AckgateTargetDown")).containsEntry("expr", "up{job=\"kubernetes-pods\"} == 0");
		assertThat(alerts.get("AckgateTargetAbsent")).containsEntry("expr", "absent(up{job=\"kubernetes-pods\"})")
			.containsEntry("for", "15m");
		assertThat(Values.map(alerts.get("AckgateTargetAbsent"), "labels")).containsEntry("severity", "critical");
	}

	/**
	 * The plain rules file hard-codes the ServiceMonitor's job, which an annotation-based scrape
	 * does not have: the file says so at the top and at every alert that uses it.
	 */
	@Test
	void theRulesFileFlagsEveryUseOfTheOperatorsJobName() throws IOException {
		List<String> lines = Files.readAllLines(RULES);
		String header = String.join("\n", lines.subList(0, lines.indexOf("groups:")));
		assertThat(header).contains("EDIT THE JOB NAME").contains("job=\"ackgate-management\"")
			.contains("annotation-based scrape");
		int uses = 0;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).strip().startsWith("expr:") && lines.get(i).contains("job=\"ackgate-management\"")) {
				uses++;
				assertThat(lines.get(i - 1).strip()).as("the comment above line %d", i + 1)
					.startsWith("#")
					.contains("your scrape job's name");
			}
		}
		assertThat(uses).isEqualTo(3);
	}

	@Test
	void noPrometheusRuleUnlessEnabledAndTheApiIsThere() {
		assertThat(HelmChart.renderDefaults().ofKind("PrometheusRule")).isEmpty();
		assertThat(HelmChart.renderDefaults("monitoring.rules.enabled", "true").ofKind("PrometheusRule"))
			.as("without the monitoring.coreos.com/v1 API and without force").isEmpty();
	}

	@Test
	void thresholdsAndDurationsComeFromTheValues() {
		HelmChart.Rendered rendered = HelmChart.renderDefaults("monitoring.rules.enabled", "true",
				"monitoring.rules.force", "true", "monitoring.rules.protocolErrors.perSecond", "7",
				"monitoring.rules.protocolErrors.for", "30s", "monitoring.rules.rateWindow", "1m",
				"monitoring.rules.relay.backlogBytes", "4096");
		Map<String, Map<String, Object>> alerts = alerts(rendered.one("PrometheusRule", HelmChart.RELEASE).get("spec"));
		assertThat(alerts.get("AckgateProtocolErrorsHigh")).containsEntry("for", "30s")
			.containsEntry("expr", "sum by (namespace, job, instance, endpoint) "
					+ "(rate(ackgate_protocol_errors_total[1m])) > 7");
		assertThat(alerts.get("AckgateRelayBacklogHigh")).containsEntry("expr", "ackgate_relay_backlog_bytes > 4096");
	}

	@Test
	void everyAlertHasASummaryADescriptionAndARunbookSectionThatExists() throws IOException {
		Set<String> anchors = headingAnchors(Files.readString(Path.of("docs", "observability.md")));
		Map<String, Map<String, Object>> alerts = alerts(Values.load(RULES));
		assertThat(alerts).containsKeys("AckgateEndpointDown", "AckgateAcksNotSent", "AckgateProtocolErrorsHigh",
				"AckgateAckLatencyHigh", "AckgateConnectionsNearLimit", "AckgateAcceptFailing", "AckgateJournalAppendsFailing",
				"AckgateDiskNearFull", "AckgateRelayUpstreamDown", "AckgateRelayBacklogHigh",
				"AckgateKafkaSendFailures", "AckgateKafkaBacklogHigh", "AckgateForwardedRecordsSkipped", "AckgateUdpDropping", "AckgateUdpRateLimiting",
				"AckgateTargetDown", "AckgateTargetAbsent");
		alerts.forEach((name, alert) -> {
			Map<String, Object> annotations = Values.map(alert, "annotations");
			assertThat(annotations).as(name).containsKeys("summary", "description", "runbook_url");
			assertThat(Values.map(alert, "labels")).as(name).containsKey("severity");
			String runbook = (String) annotations.get("runbook_url");
			assertThat(runbook).as(name).isEqualTo(RUNBOOKS + "#" + name.toLowerCase(Locale.ROOT));
			String[] pathAndAnchor = runbook.split("#", 2);
			assertThat(Path.of(pathAndAnchor[0])).as("the runbook file of " + name + ", from the repository's root")
				.isRegularFile();
			assertThat(anchors).as("a section of docs/observability.md for " + name).contains(pathAndAnchor[1]);
		});
	}

	/**
	 * ackgate publishes no docs site, so the default names no URL: the runbooks' path in the source
	 * tree. An operator's URL for that file replaces the path, the anchors stay.
	 */
	@Test
	void theRunbookUrlIsTheOperatorsUrlForTheDocsWhenSetAndTheirPathInTheRepositoryOtherwise() {
		String published = "https://git.example.com/ops/ackgate/blob/v0.1.0/docs/observability.md";
		Map<String, Map<String, Object>> alerts = alerts(HelmChart.renderDefaults("monitoring.rules.enabled", "true",
				"monitoring.rules.force", "true", "monitoring.rules.runbookBaseUrl", published)
			.one("PrometheusRule", HelmChart.RELEASE)
			.get("spec"));
		Map<String, Map<String, Object>> defaults = alerts(Values.load(RULES));
		assertThat(alerts).hasSameSizeAs(defaults);
		alerts.forEach((name, alert) -> assertThat(Values.map(alert, "annotations"))
			.as(name)
			.containsEntry("runbook_url", published + "#" + name.toLowerCase(Locale.ROOT)));
		defaults.forEach((name, alert) -> assertThat((String) Values.map(alert, "annotations").get("runbook_url"))
			.as(name)
			.startsWith(RUNBOOKS + "#")
			.doesNotContain("://"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyAlertIsUnitTestedFiringAndNotFiring() {
		Set<String> firing = new LinkedHashSet<>();
		Set<String> silent = new LinkedHashSet<>();
		for (Object test : (List<Object>) Values.load(RULE_TESTS).get("tests")) {
			for (Object check : (List<Object>) Values.at(test, "alert_rule_test")) {
				Map<String, Object> alertTest = (Map<String, Object>) check;
				List<Object> expected = (List<Object>) alertTest.get("exp_alerts");
				((expected == null || expected.isEmpty()) ? silent : firing).add((String) alertTest.get("alertname"));
			}
		}
		Set<String> alerts = alerts(Values.load(RULES)).keySet();
		assertThat(firing).as("alerts with a firing test").containsAll(alerts);
		assertThat(silent).as("alerts with a not-firing test").containsAll(alerts);
	}

	@Test
	void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
		Promtool.assumeInstalled();
		Promtool.Result check = Promtool.run("check", "rules", RULES.toString());
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 17 rules found");
		Promtool.Result test = Promtool.run("test", "rules", RULE_TESTS.toString());
		assertThat(test.exitCode()).as(test.output()).isZero();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> alerts(Object spec) {
		Map<String, Map<String, Object>> alerts = new java.util.LinkedHashMap<>();
		for (Object group : (List<Object>) Values.at(spec, "groups")) {
			for (Object rule : (List<Object>) Values.at(group, "rules")) {
				Map<String, Object> alert = (Map<String, Object>) rule;
				alerts.put((String) alert.get("alert"), alert);
			}
		}
		return alerts;
	}

	/** GitHub's anchors for the Markdown headings: lower case, spaces to hyphens, punctuation dropped. */
	private static Set<String> headingAnchors(String markdown) {
		Set<String> anchors = new LinkedHashSet<>();
		Matcher heading = Pattern.compile("(?m)^#{1,6} (.+)$").matcher(markdown);
		while (heading.find()) {
			anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
		}
		return anchors;
	}

}
