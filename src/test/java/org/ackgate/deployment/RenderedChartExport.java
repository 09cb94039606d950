package org.ackgate.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes the chart as {@link HelmChart} renders it (the real Helm library) to files, for the checks
 * in {@code .ci/run} that run the chart's own objects with real parts: {@code scripts/chart-pod-check.sh}
 * plays the pod with Podman, {@code scripts/prometheus-check.sh} loads the PrometheusRule's groups
 * into a real Prometheus. Runs only when asked for:
 * <pre>
 * ./mvnw -o -q test -Dtest=RenderedChartExport -Dackgate.render.dir=target/rendered \
 *     [-Dackgate.render.scenarios=default,tls-values.yaml] [-Dackgate.render.set=key=value;key=value]
 * </pre>
 * Each scenario becomes {@code <dir>/<scenario>.yaml} (every object, hooks included); the
 * PrometheusRule, when one is rendered, also {@code <dir>/<scenario>.rules.yaml}, a plain rule file.
 */
@EnabledIfSystemProperty(named = "ackgate.render.dir", matches = ".+")
class RenderedChartExport {

	@Test
	void export() throws IOException {
		Path directory = Path.of(System.getProperty("ackgate.render.dir"));
		Files.createDirectories(directory);
		Object[] setPairs = setPairs(System.getProperty("ackgate.render.set", ""));
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setWidth(1000);
		Yaml yaml = new Yaml(options);
		for (String scenario : System.getProperty("ackgate.render.scenarios", "default").split(",")) {
			HelmChart.Rendered rendered = HelmChart.render("default".equals(scenario) ? null : scenario, setPairs);
			String name = scenario.replace("-values.yaml", "");
			Files.writeString(directory.resolve(name + ".yaml"), yaml.dumpAll(rendered.objects().iterator()));
			for (Map<String, Object> rule : rendered.ofKind("PrometheusRule")) {
				Files.writeString(directory.resolve(name + ".rules.yaml"), yaml.dump(rule.get("spec")));
			}
			assertThat(rendered.objects()).isNotEmpty();
		}
	}

	private static Object[] setPairs(String pairs) {
		List<Object> flat = new ArrayList<>();
		for (String pair : pairs.split(";")) {
			if (!pair.isBlank()) {
				int equals = pair.indexOf('=');
				flat.add(pair.substring(0, equals).strip());
				flat.add(pair.substring(equals + 1).strip());
			}
		}
		return flat.toArray();
	}

}
