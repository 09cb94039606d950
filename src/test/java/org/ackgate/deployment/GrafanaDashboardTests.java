package org.ackgate.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart ships its own copy of the repository's Grafana dashboard: Helm's {@code .Files} reads
 * only files inside the chart, and a symlink would not survive {@code helm package} everywhere.
 * {@code scripts/sync-dashboard.sh} copies it; this test fails when the two drift apart.
 */
class GrafanaDashboardTests {

	static final Path REPOSITORY_COPY = Path.of("dashboards", "ackgate.json");

	static final Path CHART_COPY = HelmChart.DIRECTORY.resolve("dashboards").resolve("ackgate.json");

	private static final Pattern METRIC = Pattern.compile("\\b(ackgate_[a-z_]+)\\b");

	@Test
	void theChartsCopyIsTheRepositorysDashboard() throws IOException {
		assertThat(REPOSITORY_COPY).as("the repository's dashboard").isRegularFile();
		assertThat(Files.readString(CHART_COPY)).as("run scripts/sync-dashboard.sh")
			.isEqualTo(Files.readString(REPOSITORY_COPY));
	}

	@Test
	void theChartsCopyIsAGrafanaDashboardOnAckgatesMetrics() throws IOException {
		String text = Files.readString(CHART_COPY);
		JsonObject dashboard = JsonParser.parseString(text).getAsJsonObject();
		assertThat(dashboard.has("panels")).isTrue();
		assertThat(dashboard.getAsJsonArray("panels")).isNotEmpty();
		Matcher metrics = METRIC.matcher(text);
		assertThat(metrics.find()).as("queries ackgate_* metrics").isTrue();
	}

}
