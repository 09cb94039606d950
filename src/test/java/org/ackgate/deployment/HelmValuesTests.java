package org.ackgate.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * values.yaml as users read it: every value documented by a comment that starts with its name,
 * and the chart's {@code config:} defaults in step with the service's own application.yml.
 */
class HelmValuesTests {

	private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_.\\-/\"]+):(\\s|$)");

	@Test
	void everyValueIsDocumentedByACommentStartingWithItsName() throws IOException {
		List<String> lines = Files.readAllLines(HelmChart.DIRECTORY.resolve("values.yaml"));
		Deque<String[]> path = new ArrayDeque<>();
		List<String> undocumented = new ArrayList<>();
		int keys = 0;
		for (int i = 0; i < lines.size(); i++) {
			Matcher key = KEY.matcher(lines.get(i));
			if (!key.find()) {
				continue;
			}
			int indent = key.group(1).length();
			while (!path.isEmpty() && Integer.parseInt(path.peek()[0]) >= indent) {
				path.pop();
			}
			List<String> names = new ArrayList<>();
			path.descendingIterator().forEachRemaining((entry) -> names.add(entry[1]));
			names.add(key.group(2));
			String name = String.join(".", names);
			path.push(new String[] { String.valueOf(indent), key.group(2) });
			keys++;
			String previous = (i > 0) ? lines.get(i - 1).trim() : "";
			if (!previous.startsWith("# " + name + " -- ")) {
				undocumented.add(name + " (line " + (i + 1) + ")");
			}
		}
		assertThat(keys).isGreaterThan(50);
		assertThat(undocumented).isEmpty();
	}

	@Test
	void chartConfigDefaultsAgreeWithApplicationYmlOnEveryPort() {
		Map<String, Object> application = Values.load(Path.of("src", "main", "resources", "application.yml"));
		Map<String, Object> config = Values.map(HelmChart.defaultValues(), "config");
		for (String endpoint : List.of("line", "framed", "time", "udp")) {
			assertThat(Values.at(config, "ackgate", endpoint, "port")).as(endpoint)
				.isEqualTo(Values.at(application, "ackgate", endpoint, "port"));
			assertThat(Values.at(config, "ackgate", endpoint, "enabled")).as(endpoint)
				.isEqualTo(Values.at(application, "ackgate", endpoint, "enabled"));
		}
		assertThat(Values.at(config, "ackgate", "rfc868", "enabled")).isEqualTo(Values.at(application, "ackgate", "rfc868", "enabled"));
		// The service's 37 is privileged for the pod's user: the chart listens above 1023 and its
		// Service offers 37.
		assertThat((Integer) Values.at(config, "ackgate", "rfc868", "port")).isGreaterThan(1023);
		assertThat(Values.at(HelmChart.defaultValues(), "service", "ports", "rfc868"))
			.isEqualTo(Values.at(application, "ackgate", "rfc868", "port"));
		assertThat(Values.at(config, "management", "server", "port"))
			.isEqualTo(Values.at(application, "management", "server", "port"));
		assertThat(Values.at(config, "ackgate", "shutdown", "grace-period"))
			.isEqualTo(Values.at(application, "ackgate", "shutdown", "grace-period"));
		assertThat(Values.at(application, "server", "port")).as("the web server is the management server")
			.isEqualTo("${management.server.port}");
	}

	@Test
	void servicePortsDefaultToTheEndpointsOwnPorts() {
		Map<String, Object> values = HelmChart.defaultValues();
		for (String endpoint : List.of("line", "framed", "time", "udp")) {
			assertThat(Values.at(values, "service", "ports", endpoint)).as(endpoint)
				.isEqualTo(Values.at(values, "config", "ackgate", endpoint, "port"));
		}
		assertThat(Values.at(values, "managementService", "port"))
			.isEqualTo(Values.at(values, "config", "management", "server", "port"));
	}

}
