package org.ackgate.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile agrees with the service and the chart: the ports it exposes, the UID the chart
 * runs as, the jar path the chart's test pod calls. (scripts/container-smoke.sh builds and runs it.)
 */
class DockerfileTests {

	private static List<String> instructions;

	@BeforeAll
	static void readDockerfile() throws IOException {
		instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
			String trimmed = line.trim();
			if (trimmed.startsWith("#") || trimmed.isEmpty()) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			instructions.add(current.append(trimmed).toString());
			current.setLength(0);
		}
	}

	@Test
	void buildsOnAJdk25AndRunsOnTheTemurin25Jre() {
		List<String> froms = withKeyword("FROM");
		assertThat(froms).hasSize(2);
		assertThat(froms.get(0)).isEqualTo("FROM eclipse-temurin:25-jdk AS build");
		assertThat(froms.get(1)).isEqualTo("FROM eclipse-temurin:25-jre");
	}

	@Test
	void resolvesDependenciesBeforeCopyingTheSources() {
		int goOffline = indexOf("RUN ./mvnw -B -q dependency:go-offline");
		assertThat(indexOf("COPY mvnw pom.xml ./")).isLessThan(goOffline);
		assertThat(goOffline).isLessThan(indexOf("COPY src src"));
		assertThat(indexOf("COPY src src")).isLessThan(indexOf("RUN ./mvnw -B -q -Dmaven.test.skip=true package"));
		assertThat(instructions.get(indexOf("RUN ./mvnw -B -q -Dmaven.test.skip=true package")))
			.contains("-Djarmode=tools").contains("extract --layers");
	}

	@Test
	void exposesTheServicesPortsWithTheirProtocols() {
		Map<String, Object> application = Values.load(Path.of("src", "main", "resources", "application.yml"));
		Set<String> expected = new TreeSet<>();
		for (String endpoint : List.of("line", "framed", "time")) {
			expected.add(Values.at(application, "ackgate", endpoint, "port") + "/tcp");
		}
		expected.add(Values.at(application, "ackgate", "udp", "port") + "/udp");
		expected.add(Values.at(application, "management", "server", "port") + "/tcp");
		Set<String> exposed = new TreeSet<>();
		withKeyword("EXPOSE").forEach((expose) -> exposed.addAll(Arrays.asList(expose.substring(7).trim().split("\\s+"))));
		assertThat(exposed).isEqualTo(expected).contains("8123/udp");
	}

	@Test
	void runsAsTheFixedNonRootUserTheChartExpects() {
		List<String> users = withKeyword("USER");
		assertThat(users).hasSize(1);
		Map<String, Object> values = HelmChart.defaultValues();
		assertThat(users.get(0)).isEqualTo("USER " + Values.at(values, "podSecurityContext", "runAsUser") + ":"
				+ Values.at(values, "podSecurityContext", "runAsGroup"));
		assertThat(users.get(0)).isNotIn("USER 0", "USER root", "USER 0:0");
		assertThat(indexOf(users.get(0))).as("after every RUN and COPY of the runtime stage")
			.isGreaterThan(instructions.lastIndexOf(withKeyword("COPY").get(withKeyword("COPY").size() - 1)));
	}

	@Test
	void startsJavaDirectlySoThatSigtermReachesTheJvm() {
		List<String> entrypoints = withKeyword("ENTRYPOINT");
		assertThat(entrypoints).hasSize(1);
		assertThat(entrypoints.get(0)).as("exec form, and the path the chart's helm test calls")
			.isEqualTo("ENTRYPOINT [\"java\", \"-XX:AOTCache=/app/app.aot\", \"-Dspring.aot.enabled=true\", "
					+ "\"-jar\", \"/app/app.jar\"]");
		assertThat(withKeyword("RUN"))
			.as("the AOT cache is trained in the runtime image by the service started as the ENTRYPOINT starts"
					+ " it, serving once on every endpoint, and stopped by SIGTERM (whose clean exit writes the cache)")
			.anySatisfy(run -> assertThat(run).startsWith("RUN bash -euo pipefail -c ")
				.contains("java -XX:AOTCacheOutput=/app/app.aot -Dspring.aot.enabled=true -jar /app/app.jar")
				.contains("/actuator/health/readiness", "/dev/tcp/127.0.0.1/8080", "/dev/tcp/127.0.0.1/8330",
						"/dev/udp/127.0.0.1/8123", "/actuator/prometheus", "kill -TERM", "wait \"$pid\"")
				.doesNotContain("spring.context.exit"));
		assertThat(withKeyword("CMD")).isEmpty();
	}

	@Test
	void sizesTheHeapByTheContainerAndReadsAMountedConfiguration() {
		String env = String.join(" ", withKeyword("ENV"));
		assertThat(env).contains("-XX:MaxRAMPercentage=").contains("SPRING_CONFIG_ADDITIONAL_LOCATION=\"optional:file:/etc/ackgate/\"");
	}

	@Test
	void theBuildContextHoldsOnlyWhatTheBuildNeeds() throws IOException {
		List<String> ignore = Files.readAllLines(Path.of(".dockerignore")).stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.toList();
		assertThat(ignore).startsWith("*").contains("!mvnw", "!.mvn/", "!pom.xml", "!src/");
	}

	private static List<String> withKeyword(String keyword) {
		return instructions.stream().filter((instruction) -> instruction.startsWith(keyword + " ")).toList();
	}

	private static int indexOf(String prefix) {
		for (int i = 0; i < instructions.size(); i++) {
			if (instructions.get(i).startsWith(prefix)) {
				return i;
			}
		}
		throw new AssertionError("no instruction starting with " + prefix);
	}

}
