package org.ackgate.deployment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.marcnuri.helm.LintResult;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1TopologySpreadConstraint;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.DurationStyle;

import org.ackgate.deployment.HelmChart.Rendered;
import org.ackgate.time.TimeFormat;
import org.ackgate.time.TimeText;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Helm chart, linted and rendered by the real Helm library for every {@code ci/} scenario, each
 * object checked against the Kubernetes API models and for what makes the release work: selectors,
 * ports and protocols, probes, the mounted configuration, the hardened pod.
 */
class HelmChartTests {

	private static final String FULLNAME = "ackgate";

	private static final long IMAGE_UID = 10001;

	static Stream<String> scenarios() {
		return HelmChart.scenarios().stream();
	}

	@Test
	void everyScenarioTheIssueAsksForIsThere() {
		assertThat(HelmChart.scenarios()).contains("default-values.yaml", "monitoring-values.yaml",
				"loadbalancer-values.yaml", "line-disabled-values.yaml", "tls-values.yaml",
				"journal-values.yaml", "kafka-values.yaml", "proxy-values.yaml");
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void lintsStrictly(String scenario, @TempDir Path work) {
		LintResult result = HelmChart.lintStrict(scenario, work);
		assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
		assertThat(result.getMessages()).noneMatch((message) -> message.contains("[WARNING]") || message.contains("[ERROR]"));
	}

	@Test
	void lintSeesTheScenarioValues(@TempDir Path work) {
		LintResult typo = HelmChart.lintStrict(Map.of("service", Map.of("typ", "LoadBalancer")), work.resolve("typo"));
		assertThat(typo.isFailed()).isTrue();
		assertThat(String.join("\n", typo.getMessages())).contains("typ");
		// A template's fail is only logged by helm lint, even with --strict; the render tests below
		// catch it, since template and install do fail.
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void everyRenderedObjectIsValidAgainstTheKubernetesModels(String scenario) {
		Rendered rendered = HelmChart.render(scenario);
		assertThat(rendered.objects()).isNotEmpty();
		for (Map<String, Object> object : rendered.objects()) {
			KubernetesModels.validate(object);
		}
		assertThat(rendered.byKindAndName()).as("kind/name pairs are unique").hasSize(rendered.objects().size());
		assertThat(rendered.byKindAndName()).containsKeys(workload(rendered).kind() + "/ackgate", "ConfigMap/ackgate",
				"ServiceAccount/ackgate", "Service/ackgate-management");
		assertThat(rendered.ofKind("Deployment").size() + rendered.ofKind("StatefulSet").size()).as("one workload")
			.isEqualTo(1);
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void selectorsAreTheStableLabelsAndMatchThePods(String scenario) {
		Rendered rendered = HelmChart.render(scenario);
		Workload workload = workload(rendered);
		Map<String, String> podLabels = workload.template().getMetadata().getLabels();
		Map<String, String> selector = workload.selector().getMatchLabels();
		assertThat(selector).containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance");
		assertThat(podLabels).containsAllEntriesOf(selector);
		for (Map<String, Object> object : rendered.ofKind("Service")) {
			assertThat(KubernetesModels.validate(object, V1Service.class).getSpec().getSelector()).isEqualTo(selector);
		}
		for (Map<String, Object> object : rendered.ofKind("PodDisruptionBudget")) {
			assertThat(KubernetesModels.validate(object, V1PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels())
				.isEqualTo(selector);
		}
		assertThat(workload.template().getSpec().getTopologySpreadConstraints()).as("the spread counts this release's pods")
			.isNotEmpty()
			.allSatisfy((constraint) -> assertThat(constraint.getLabelSelector().getMatchLabels()).isEqualTo(selector));
		for (Map<String, Object> object : rendered.ofKind("HorizontalPodAutoscaler")) {
			V2HorizontalPodAutoscaler hpa = KubernetesModels.validate(object, V2HorizontalPodAutoscaler.class);
			assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo(workload.kind());
			assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(FULLNAME);
			assertThat(workload.replicas()).as("the HPA owns the replica count").isNull();
		}
		for (Map<String, Object> monitor : rendered.ofKind("ServiceMonitor")) {
			KubernetesModels.validate(monitor);
			Map<String, Object> matchLabels = Values.map(monitor, "spec", "selector", "matchLabels");
			List<V1Service> selected = services(rendered).stream()
				.filter((service) -> service.getMetadata().getLabels().entrySet().containsAll(matchLabels.entrySet()))
				.toList();
			assertThat(selected).extracting((service) -> service.getMetadata().getName()).containsExactly("ackgate-management");
			Object port = Values.at(monitor, "spec", "endpoints", 0, "port");
			assertThat(selected.get(0).getSpec().getPorts()).extracting(V1ServicePort::getName).contains((String) port);
			assertThat(Values.at(monitor, "spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
		}
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void everyContainerPortHasAServicePortWithItsProtocol(String scenario) {
		Rendered rendered = HelmChart.render(scenario);
		Map<String, Object> values = HelmChart.values(scenario);
		V1Container container = container(workload(rendered).template().getSpec());
		List<V1ServicePort> servicePorts = services(rendered).stream().flatMap((s) -> s.getSpec().getPorts().stream()).toList();
		for (V1ContainerPort containerPort : container.getPorts()) {
			assertThat(servicePorts).as("a Service port for %s", containerPort.getName())
				.anySatisfy((servicePort) -> {
					assertThat(servicePort.getTargetPort()).isEqualTo(new IntOrString(containerPort.getName()));
					assertThat(servicePort.getProtocol()).isEqualTo(containerPort.getProtocol());
					assertThat(servicePort.getName()).isEqualTo(containerPort.getName());
				});
		}
		for (V1ServicePort servicePort : servicePorts) {
			assertThat(container.getPorts()).as("a container port behind %s", servicePort.getName())
				.anySatisfy((containerPort) -> assertThat(containerPort.getName()).isEqualTo(servicePort.getTargetPort().getStrValue()));
		}
		Map<String, Object> ackgate = Values.map(values, "config", "ackgate");
		Map<String, V1ContainerPort> byName = new HashMap<>();
		container.getPorts().forEach((port) -> byName.put(port.getName(), port));
		Map<String, String> names = Map.of("line", "tcp-line", "framed", "tcp-framed", "time", "tcp-time", "udp", "udp-time");
		names.forEach((endpoint, name) -> {
			if (Boolean.TRUE.equals(Values.at(ackgate, endpoint, "enabled"))) {
				assertThat(byName.get(name).getContainerPort()).isEqualTo(Values.at(ackgate, endpoint, "port"));
				assertThat(byName.get(name).getProtocol()).isEqualTo(endpoint.equals("udp") ? "UDP" : "TCP");
			}
			else {
				assertThat(byName).doesNotContainKey(name);
				assertThat(servicePorts).extracting(V1ServicePort::getName).doesNotContain(name);
			}
		});
		assertThat(byName.get("http-management").getContainerPort())
			.isEqualTo(Values.at(values, "config", "management", "server", "port"));
		assertThat(byName.get("http-management").getProtocol()).isEqualTo("TCP");
	}

	@Test
	void theUdpPortIsUdpAndTheOthersTcpOnTheDefaultPorts() {
		V1Service service = service(HelmChart.renderDefaults(), FULLNAME);
		assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(service.getSpec().getPorts()).extracting(V1ServicePort::getName, V1ServicePort::getPort, V1ServicePort::getProtocol)
			.containsExactlyInAnyOrder(
					tuple("tcp-line", 8080, "TCP"),
					tuple("tcp-framed", 7373, "TCP"),
					tuple("tcp-time", 8330, "TCP"),
					tuple("udp-time", 8123, "UDP"));
	}

	@Test
	void theManagementPortIsOnItsOwnServiceUnlessExposed() {
		Rendered defaults = HelmChart.renderDefaults();
		assertThat(service(defaults, FULLNAME).getSpec().getPorts()).extracting(V1ServicePort::getName)
			.doesNotContain("http-management");
		V1Service management = service(defaults, "ackgate-management");
		assertThat(management.getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(management.getSpec().getPorts()).extracting(V1ServicePort::getName, V1ServicePort::getPort)
			.containsExactly(tuple("http-management", 8081));
		Rendered exposed = HelmChart.renderDefaults("service.exposeManagement", true);
		assertThat(service(exposed, FULLNAME).getSpec().getPorts()).extracting(V1ServicePort::getName)
			.contains("http-management");
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void probesCallTheActuatorHealthGroupsOnTheManagementPort(String scenario) {
		V1Container container = container(workload(HelmChart.render(scenario)).template().getSpec());
		assertThat(probePath(container.getStartupProbe())).isEqualTo("/actuator/health/liveness");
		assertThat(probePath(container.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
		assertThat(probePath(container.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
		Object managementPort = Values.at(HelmChart.values(scenario), "config", "management", "server", "port");
		for (V1Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
			String portName = probe.getHttpGet().getPort().getStrValue();
			assertThat(container.getPorts()).filteredOn((port) -> port.getName().equals(portName))
				.singleElement()
				.satisfies((port) -> assertThat(port.getContainerPort()).isEqualTo(managementPort));
		}
		assertThat(container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold())
			.as("seconds allowed for the start").isGreaterThanOrEqualTo(60);
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void theConfigMapHoldsTheValuesConfigAndThePodLoadsIt(String scenario) {
		Rendered rendered = HelmChart.render(scenario);
		Map<String, String> data = KubernetesModels.validate(rendered.one("ConfigMap", FULLNAME),
				V1ConfigMap.class).getData();
		Map<String, Object> applicationYml = new Yaml().load(data.get("application.yml"));
		if (!Boolean.TRUE.equals(Values.map(HelmChart.values(scenario), "tls").get("enabled"))) {
			assertThat(applicationYml).isEqualTo(Values.map(HelmChart.values(scenario), "config"));
		}

		V1PodSpec pod = workload(rendered).template().getSpec();
		V1Volume config = pod.getVolumes().stream().filter((v) -> v.getConfigMap() != null).findFirst().orElseThrow();
		assertThat(config.getConfigMap().getName()).isEqualTo(FULLNAME);
		V1VolumeMount mount = container(pod).getVolumeMounts().stream()
			.filter((m) -> m.getName().equals(config.getName())).findFirst().orElseThrow();
		assertThat(mount.getReadOnly()).isTrue();
		assertThat(env(container(pod), "SPRING_CONFIG_ADDITIONAL_LOCATION"))
			.isEqualTo("file:" + mount.getMountPath() + "/application.yml");
		assertThat(workload(rendered).template().getMetadata().getAnnotations()).containsKey("checksum/config");
	}

	@Test
	void aConfigChangeRollsThePods() {
		String before = checksum(HelmChart.renderDefaults());
		assertThat(checksum(HelmChart.renderDefaults())).isEqualTo(before);
		assertThat(checksum(HelmChart.renderDefaults("config.ackgate.line.ack-prefix", "ack: "))).isNotEqualTo(before);
		assertThat(checksum(HelmChart.renderDefaults("replicaCount", 5))).isEqualTo(before);
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void everyPodIsHardened(String scenario) {
		Rendered rendered = HelmChart.render(scenario);
		List<V1PodSpec> pods = Stream.concat(Stream.of(workload(rendered).template().getSpec()),
				rendered.ofKind("Pod").stream().map((pod) -> KubernetesModels.validate(pod, V1Pod.class).getSpec()))
			.toList();
		for (V1PodSpec pod : pods) {
			V1PodSecurityContext podContext = pod.getSecurityContext();
			assertThat(podContext.getRunAsNonRoot()).isTrue();
			assertThat(podContext.getRunAsUser()).isEqualTo(IMAGE_UID);
			assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
			assertThat(pod.getAutomountServiceAccountToken()).isFalse();
			assertThat(pod.getEnableServiceLinks()).as("no Service variables for Spring to bind").isFalse();
			V1Volume tmp = pod.getVolumes().stream().filter((v) -> v.getEmptyDir() != null).findFirst().orElseThrow();
			for (V1Container container : pod.getContainers()) {
				V1SecurityContext context = container.getSecurityContext();
				assertThat(context.getRunAsNonRoot()).isTrue();
				assertThat(context.getRunAsUser()).isEqualTo(IMAGE_UID);
				assertThat(context.getReadOnlyRootFilesystem()).isTrue();
				assertThat(context.getAllowPrivilegeEscalation()).isFalse();
				assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
				assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
				assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
				assertThat(container.getVolumeMounts()).anySatisfy((mount) -> {
					assertThat(mount.getName()).isEqualTo(tmp.getName());
					assertThat(mount.getMountPath()).isEqualTo("/tmp");
				});
			}
		}
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void thePodOutlivesTheGracefulDrain(String scenario) {
		Workload workload = workload(HelmChart.render(scenario));
		Map<String, Object> values = HelmChart.values(scenario);
		long grace = DurationStyle.detectAndParse(String.valueOf(Values.at(values, "config", "ackgate", "shutdown", "grace-period")))
			.toSeconds();
		Object delay = Values.at(values, "config", "ackgate", "shutdown", "readiness-delay");
		long readinessDelay = (delay != null) ? DurationStyle.detectAndParse(String.valueOf(delay)).toSeconds() : 0;
		long preStop = ((Number) Values.at(values, "lifecycle", "preStopSleepSeconds")).longValue();
		V1PodSpec pod = workload.template().getSpec();
		assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(preStop + readinessDelay + grace);
		assertThat(container(pod).getLifecycle().getPreStop().getExec().getCommand())
			.containsExactly("sleep", String.valueOf(preStop));
		assertThat(workload.updateStrategy()).isEqualTo("RollingUpdate");
	}

	@Test
	void aPodGraceShorterThanTheDrainFailsTheRender() {
		assertThatIllegalStateException().isThrownBy(() -> HelmChart.renderDefaults("terminationGracePeriodSeconds", 12))
			.withMessageContaining("terminationGracePeriodSeconds (12) must be longer");
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.renderDefaults("config.ackgate.shutdown.grace-period", "1m"))
			.withMessageContaining("the stop it covers, 65 s: lifecycle.preStopSleepSeconds (5 s) + "
					+ "config.ackgate.shutdown.readiness-delay (0 s) + config.ackgate.shutdown.grace-period (60 s)");
		assertThat(deployment(HelmChart.renderDefaults("config.ackgate.shutdown.grace-period", "1500ms"))).isNotNull();
	}

	/** GracefulDrain holds readiness down for readiness-delay, still serving, before the grace period begins. */
	@ParameterizedTest(name = "readiness-delay {0}: renders {1}")
	@CsvSource({ "14s, true", "15s, false", "PT14S, true", "14001, false", "0s, true" })
	void theDrainCheckCountsTheReadinessDelayBeforeTheGracePeriod(String readinessDelay, boolean renders) {
		if (renders) {
			assertThat(deployment(HelmChart.renderDefaults("config.ackgate.shutdown.readiness-delay", readinessDelay)))
				.isNotNull();
		}
		else {
			assertThatIllegalStateException()
				.isThrownBy(() -> HelmChart.renderDefaults("config.ackgate.shutdown.readiness-delay", readinessDelay))
				.withMessageContaining("config.ackgate.shutdown.readiness-delay (15 s)");
		}
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.render("journal-values.yaml", "config.ackgate.shutdown.readiness-delay", "20s"))
			.as("the StatefulSet checks it too")
			.withMessageContaining("must be longer than the stop it covers, 35 s");
	}

	/** With the default 30 s pod grace and 5 s preStop sleep, the drain may take up to 24 s. */
	@ParameterizedTest(name = "grace-period {0}: renders {1}")
	@CsvSource({ "24s, true", "25s, false", "24S, true", "24000, true", "24001, false", "PT24S, true", "PT24.5S, false",
			"pt0.5s, true", "+24s, true", "PT1M, false", "P1D, false", "1m, false", "1500ms, true", "0, true" })
	void theDrainCheckReadsEverySpringDurationForm(String gracePeriod, boolean renders) {
		if (renders) {
			assertThat(deployment(HelmChart.renderDefaults("config.ackgate.shutdown.grace-period", gracePeriod))).isNotNull();
		}
		else {
			assertThatIllegalStateException()
				.isThrownBy(() -> HelmChart.renderDefaults("config.ackgate.shutdown.grace-period", gracePeriod))
				.withMessageContaining("must be longer than the stop it covers");
		}
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void prometheusScrapesTheManagementPort(String scenario) {
		Rendered rendered = HelmChart.render(scenario);
		Map<String, String> annotations = workload(rendered).template().getMetadata().getAnnotations();
		if (!rendered.ofKind("ServiceMonitor").isEmpty()) {
			assertThat(annotations).as("the ServiceMonitor scrapes the pods").doesNotContainKeys("prometheus.io/scrape",
					"prometheus.io/port", "prometheus.io/path");
			return;
		}
		assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
			.containsEntry("prometheus.io/path", "/actuator/prometheus")
			.containsEntry("prometheus.io/port",
					String.valueOf(Values.at(HelmChart.values(scenario), "config", "management", "server", "port")));
	}

	/**
	 * A Prometheus that runs the Operator's job and an annotation-based pod job scrapes annotated
	 * pods twice: with a ServiceMonitor the annotations are off unless asked for.
	 */
	@ParameterizedTest
	@CsvSource(nullValues = "unset", value = { "false, unset, true", "true, unset, false", "true, true, true",
			"false, false, false", "true, false, false" })
	void theScrapeAnnotationsGiveWayToTheServiceMonitorUnlessForced(boolean serviceMonitor, Boolean podAnnotations,
			boolean annotated) {
		List<Object> set = new java.util.ArrayList<>(List.of("metrics.serviceMonitor.enabled", serviceMonitor,
				"metrics.serviceMonitor.force", true));
		if (podAnnotations != null) {
			set.addAll(List.of("metrics.podAnnotations", podAnnotations));
		}
		Rendered rendered = HelmChart.renderDefaults(set.toArray());
		assertThat(rendered.ofKind("ServiceMonitor")).hasSize(serviceMonitor ? 1 : 0);
		Map<String, String> annotations = workload(rendered).template().getMetadata().getAnnotations();
		if (annotated) {
			assertThat(annotations).containsEntry("prometheus.io/scrape", "true");
		}
		else {
			assertThat(annotations).doesNotContainKeys("prometheus.io/scrape", "prometheus.io/port", "prometheus.io/path");
		}
		// Enabled without the Operator's API (and without force) renders no ServiceMonitor: the pods
		// keep their annotations.
		assertThat(workload(HelmChart.renderDefaults("metrics.serviceMonitor.enabled", true)).template().getMetadata()
			.getAnnotations()).containsEntry("prometheus.io/scrape", "true");
	}

	@Test
	void monitoringScenarioAddsServiceMonitorDashboardAutoscalerAndBudget() {
		Rendered rendered = HelmChart.render("monitoring-values.yaml");
		Map<String, Object> monitor = rendered.one("ServiceMonitor", FULLNAME);
		assertThat(Values.at(monitor, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
		assertThat(Values.map(monitor, "metadata", "labels")).containsEntry("release", "kube-prometheus-stack");
		assertThat(Values.at(monitor, "spec", "namespaceSelector", "matchNames")).isEqualTo(List.of(HelmChart.NAMESPACE));

		V2HorizontalPodAutoscaler hpa = KubernetesModels.validate(rendered.one("HorizontalPodAutoscaler", FULLNAME),
				V2HorizontalPodAutoscaler.class);
		assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
		assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
		assertThat(hpa.getSpec().getMetrics()).extracting((metric) -> metric.getResource().getName())
			.containsExactly("cpu", "memory");

		V1PodDisruptionBudget pdb = KubernetesModels.validate(rendered.one("PodDisruptionBudget", FULLNAME),
				V1PodDisruptionBudget.class);
		assertThat(pdb.getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
		assertThat(pdb.getSpec().getMaxUnavailable()).isNull();

		V1ConfigMap dashboard = KubernetesModels.validate(rendered.one("ConfigMap", "ackgate-dashboard"),
				V1ConfigMap.class);
		assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
		assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "ackgate");
		JsonObject json = JsonParser.parseString(dashboard.getData().get("ackgate.json"))
			.getAsJsonObject();
		assertThat(json.get("title").getAsString()).isEqualTo("ackgate");

		assertThat(container(deployment(rendered)).getResources().getLimits()).containsKey("memory");
	}

	@Test
	void theDefaultsLeaveResourcesUnsetAndBudgetOnePodAtATime() {
		Rendered rendered = HelmChart.renderDefaults();
		V1Deployment deployment = deployment(rendered);
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
		assertThat(container(deployment).getResources()).isNull();
		assertThat(KubernetesModels.validate(rendered.one("PodDisruptionBudget", FULLNAME), V1PodDisruptionBudget.class)
			.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
		assertThat(rendered.ofKind("HorizontalPodAutoscaler")).isEmpty();
		assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
		assertThat(rendered.byKindAndName()).doesNotContainKey("ConfigMap/ackgate-dashboard");
		assertThat(env(container(deployment), "JDK_JAVA_OPTIONS")).as("the image's own JVM flags apply").isNull();
	}

	/** The autoscaler measures utilization as a share of the request: without one it never scales. */
	@Test
	void anAutoscalerWithoutTheRequestItMeasuresFailsTheRender() {
		assertThatIllegalStateException().isThrownBy(() -> HelmChart.renderDefaults("autoscaling.enabled", true))
			.withMessageContaining("autoscaling.targetCPUUtilizationPercentage needs resources.requests.cpu");
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.renderDefaults("autoscaling.enabled", true, "resources.requests.cpu", "250m",
					"autoscaling.targetMemoryUtilizationPercentage", 80))
			.withMessageContaining("autoscaling.targetMemoryUtilizationPercentage needs resources.requests.memory");
		assertThat(HelmChart.renderDefaults("autoscaling.enabled", true, "resources.requests.cpu", "250m")
			.ofKind("HorizontalPodAutoscaler")).hasSize(1);
		assertThat(HelmChart.renderDefaults("autoscaling.enabled", true, "resources.limits.cpu", "1")
			.ofKind("HorizontalPodAutoscaler")).as("Kubernetes sets a missing request to the limit").hasSize(1);
		assertThat(HelmChart.renderDefaults("autoscaling.enabled", true, "autoscaling.targetCPUUtilizationPercentage",
				"null", "autoscaling.targetMemoryUtilizationPercentage", 80, "resources.requests.memory", "384Mi")
			.ofKind("HorizontalPodAutoscaler")).as("memory alone needs no CPU request").hasSize(1);
		for (String scenario : HelmChart.scenarios()) {
			if (Boolean.TRUE.equals(Values.at(HelmChart.values(scenario), "autoscaling", "enabled"))) {
				assertThat(container(workload(HelmChart.render(scenario)).template().getSpec()).getResources()
					.getRequests()).as(scenario).containsKey("cpu");
			}
		}
	}

	/** 0 blocks every voluntary eviction (a node drain waits): a choice the chart must keep, not read as unset. */
	@Test
	void anExplicitZeroInTheBudgetIsKept() {
		assertThat(pdb(HelmChart.renderDefaults("podDisruptionBudget.maxUnavailable", 0)).getMaxUnavailable())
			.isEqualTo(new IntOrString(0));
		assertThat(pdb(HelmChart.renderDefaults("podDisruptionBudget.maxUnavailable", "0%")).getMaxUnavailable())
			.isEqualTo(new IntOrString("0%"));
		assertThat(pdb(HelmChart.renderDefaults("podDisruptionBudget.maxUnavailable", "null", "podDisruptionBudget.minAvailable",
				0)).getMinAvailable()).isEqualTo(new IntOrString(0));
		assertThat(pdb(HelmChart.renderDefaults("podDisruptionBudget.maxUnavailable", "null")).getMaxUnavailable())
			.as("neither set: one pod at a time").isEqualTo(new IntOrString(1));
	}

	private static io.kubernetes.client.openapi.models.V1PodDisruptionBudgetSpec pdb(Rendered rendered) {
		return KubernetesModels.validate(rendered.one("PodDisruptionBudget", FULLNAME), V1PodDisruptionBudget.class)
			.getSpec();
	}

	/** The management port-forward in NOTES.txt must name an object that exists, whichever workload is rendered. */
	@Test
	void theNotesForwardTheManagementPortThroughAnObjectTheReleaseHas() {
		String notes = HelmChart.installOutput();
		assertThat(notes).contains("management port 8081:\n     kubectl port-forward -n edge svc/ackgate-management 8081\n"
				+ "     curl -s localhost:8081/actuator/health/readiness\n");
		assertThat(HelmChart.installOutput("journal.enabled", true)).as("the StatefulSet's release")
			.contains("kubectl port-forward -n edge svc/ackgate-management 8081\n")
			.doesNotContain("deploy/");
		assertThat(HelmChart.installOutput("managementService.port", 9000))
			.contains("kubectl port-forward -n edge svc/ackgate-management 8081:9000\n");
		assertThat(HelmChart.installOutput("managementService.enabled", false, "journal.enabled", true))
			.contains("kubectl port-forward -n edge statefulset/ackgate 8081\n");
		assertThat(HelmChart.installOutput("managementService.enabled", false))
			.contains("kubectl port-forward -n edge deployment/ackgate 8081\n");
	}

	@Test
	void aServiceMonitorNeedsTheOperatorsApiOrForce() {
		assertThat(HelmChart.renderDefaults("metrics.serviceMonitor.enabled", true).ofKind("ServiceMonitor"))
			.as("helm template sees no monitoring.coreos.com/v1").isEmpty();
		assertThat(HelmChart.renderDefaults("metrics.serviceMonitor.enabled", true, "metrics.serviceMonitor.force", true)
			.ofKind("ServiceMonitor")).hasSize(1);
	}

	@Test
	void loadBalancerScenarioKeepsClientAddressesAndMapsServicePortsToContainerPorts() {
		Rendered rendered = HelmChart.render("loadbalancer-values.yaml");
		V1Service service = service(rendered, FULLNAME);
		assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
		assertThat(service.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
		assertThat(service.getSpec().getLoadBalancerSourceRanges()).containsExactly("192.0.2.0/24");
		assertThat(service.getSpec().getPorts()).extracting(V1ServicePort::getName, V1ServicePort::getPort,
				V1ServicePort::getProtocol, V1ServicePort::getNodePort)
			.containsExactlyInAnyOrder(
					tuple("tcp-line", 18080, "TCP", 30080),
					tuple("tcp-framed", 17373, "TCP", null),
					tuple("tcp-time", 18330, "TCP", null),
					tuple("udp-time", 18123, "UDP", 30123),
					tuple("tcp-rfc868", 37, "TCP", 30037),
					tuple("udp-rfc868", 37, "UDP", 30037));
		assertThat(service(rendered, "ackgate-management").getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(container(deployment(rendered)).getPorts()).extracting(V1ContainerPort::getContainerPort)
			.containsExactlyInAnyOrder(8080, 7373, 8330, 8123, 10037, 10037, 8081);
	}

	/**
	 * RFC 868 is TCP and UDP on one port. Clients expect 37, which the pod's user (UID 10001, no
	 * capabilities) may bind only where the runtime allows it: the Service offers 37 and forwards
	 * to the container port in config, an unprivileged one by default.
	 */
	@Test
	void rfc868IsExposedOverTcpAndUdpOnPort37WhenEnabled() {
		assertThat(container(deployment(HelmChart.renderDefaults())).getPorts()).extracting(V1ContainerPort::getName)
			.doesNotContain("tcp-rfc868", "udp-rfc868");
		assertThat(service(HelmChart.renderDefaults(), FULLNAME).getSpec().getPorts()).extracting(V1ServicePort::getName)
			.doesNotContain("tcp-rfc868", "udp-rfc868");

		Rendered rendered = HelmChart.renderDefaults("config.ackgate.rfc868.enabled", true);
		assertThat(container(deployment(rendered)).getPorts())
			.extracting(V1ContainerPort::getName, V1ContainerPort::getContainerPort, V1ContainerPort::getProtocol)
			.contains(tuple("tcp-rfc868", 10037, "TCP"), tuple("udp-rfc868", 10037, "UDP"));
		assertThat(service(rendered, FULLNAME).getSpec().getPorts())
			.extracting(V1ServicePort::getName, V1ServicePort::getPort, V1ServicePort::getProtocol,
					(port) -> port.getTargetPort().getStrValue())
			.contains(tuple("tcp-rfc868", 37, "TCP", "tcp-rfc868"), tuple("udp-rfc868", 37, "UDP", "udp-rfc868"));
		String applicationYml = KubernetesModels.validate(rendered.one("ConfigMap", FULLNAME), V1ConfigMap.class)
			.getData().get("application.yml");
		assertThat(Values.map(new Yaml().load(applicationYml), "ackgate", "rfc868"))
			.containsEntry("enabled", true).containsEntry("port", 10037);

		Rendered privileged = HelmChart.renderDefaults("config.ackgate.rfc868.enabled", true,
				"config.ackgate.rfc868.port", 37, "service.ports.rfc868", 3737);
		assertThat(container(deployment(privileged)).getPorts())
			.extracting(V1ContainerPort::getName, V1ContainerPort::getContainerPort)
			.contains(tuple("tcp-rfc868", 37), tuple("udp-rfc868", 37));
		assertThat(service(privileged, FULLNAME).getSpec().getPorts()).extracting(V1ServicePort::getName, V1ServicePort::getPort)
			.contains(tuple("tcp-rfc868", 3737), tuple("udp-rfc868", 3737));
	}

	@Test
	void externalTrafficPolicyIsLeftOutForClusterIp() {
		V1Service service = service(HelmChart.renderDefaults("service.externalTrafficPolicy", "Local"), FULLNAME);
		assertThat(service.getSpec().getExternalTrafficPolicy()).as("the API refuses it on ClusterIP").isNull();
	}

	@Test
	void lineDisabledScenarioDropsTheLineEverywhere() {
		Rendered rendered = HelmChart.render("line-disabled-values.yaml");
		V1Container container = container(deployment(rendered));
		assertThat(container.getPorts()).extracting(V1ContainerPort::getName, V1ContainerPort::getContainerPort)
			.containsExactlyInAnyOrder(
					tuple("tcp-framed", 17373),
					tuple("tcp-time", 18330),
					tuple("udp-time", 18123),
					tuple("http-management", 18081));
		assertThat(service(rendered, FULLNAME).getSpec().getPorts()).extracting(V1ServicePort::getName)
			.containsExactlyInAnyOrder("tcp-framed", "tcp-time", "udp-time");
		V1Pod test = KubernetesModels.validate(rendered.one("Pod", "ackgate-test"), V1Pod.class);
		assertThat(test.getSpec().getContainers()).extracting(V1Container::getName).containsExactly("udp-time");
	}

	@Test
	void theHelmTestSendsOneLineAndOneDatagramThroughTheServiceWithTheImagesClient() {
		Rendered rendered = HelmChart.renderDefaults("image.tag", "1.2.3");
		V1Pod test = KubernetesModels.validate(rendered.one("Pod", "ackgate-test"), V1Pod.class);
		assertThat(test.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
		assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
		assertThat(test.getSpec().getContainers()).extracting(V1Container::getName).containsExactly("line-ack", "udp-time");
		for (V1Container container : test.getSpec().getContainers()) {
			assertThat(container.getImage()).isEqualTo("ackgate:1.2.3");
			assertThat(env(container, "HOST")).isEqualTo(FULLNAME);
		}
		V1Container line = test.getSpec().getContainers().get(0);
		assertThat(env(line, "PORT")).isEqualTo("8080");
		assertThat(env(line, "EXPECTED")).isEqualTo("已接收: helm-test");
		assertThat(String.join(" ", line.getCommand()))
			.contains("java -jar /app/app.jar client line --host \"$HOST\" --port \"$PORT\" $TLS_OPTIONS \"$MESSAGE\"")
			.contains("[ \"$got\" = \"$EXPECTED\" ]");
		assertThat(env(line, "TLS_OPTIONS")).isEmpty();
		V1Container udp = test.getSpec().getContainers().get(1);
		assertThat(env(udp, "PORT")).isEqualTo("8123");
		assertThat(String.join(" ", udp.getCommand())).contains("java -jar /app/app.jar client udp-time --host \"$HOST\" --port \"$PORT\"");
		V1Pod otherPrefix = KubernetesModels.validate(
				HelmChart.renderDefaults("config.ackgate.line.ack-prefix", "ok ").one("Pod", "ackgate-test"), V1Pod.class);
		assertThat(env(otherPrefix.getSpec().getContainers().get(0), "EXPECTED")).isEqualTo("ok helm-test");
	}

	/**
	 * A line endpoint behind the PROXY protocol, or with an allow-list, refuses the test pod by
	 * design: its check would fail on a release that works, so the pod says why it skips it.
	 */
	@ParameterizedTest
	@CsvSource({ "proxy-values.yaml, config.ackgate.line.proxy-protocol.enabled",
			"tls-values.yaml, config.ackgate.line.allow" })
	void theHelmTestSkipsTheLineCheckWhereTheEndpointRefusesThePodByDesign(String scenario, String reason) {
		V1Pod test = KubernetesModels.validate(HelmChart.render(scenario).one("Pod", "ackgate-test"), V1Pod.class);
		V1Container line = test.getSpec().getContainers().stream().filter((c) -> c.getName().equals("line-ack"))
			.findFirst().orElseThrow();
		String script = String.join(" ", line.getCommand());
		assertThat(script).doesNotContain("client line").contains("echo 'line-ack skipped: " + reason);
		assertThat(test.getSpec().getContainers()).extracting(V1Container::getName).contains("udp-time");
	}

	/**
	 * The UDP check runs as the test pod runs it, with the service's own text for the reply in
	 * place of the client's output: each configured format passes, and only that one.
	 */
	@ParameterizedTest
	@CsvSource({ "rfc3339, RFC3339", "rfc3339-millis, RFC3339_MILLIS", "go, GO", "daytime, DAYTIME" })
	void theHelmTestAcceptsExactlyTheConfiguredUdpFormat(String configured, TimeFormat format) throws Exception {
		V1Pod test = KubernetesModels.validate(HelmChart.renderDefaults("config.ackgate.udp.format", configured)
			.one("Pod", "ackgate-test"), V1Pod.class);
		V1Container udp = test.getSpec().getContainers().stream().filter((c) -> c.getName().equals("udp-time"))
			.findFirst().orElseThrow();
		String script = udp.getCommand().get(2);
		String call = "java -jar /app/app.jar client udp-time --host \"$HOST\" --port \"$PORT\"";
		assertThat(script).contains(call);
		// What the client prints: the reply, then a line feed.
		String stubbed = script.replace(call, "printf '%s\\n' \"$REPLY\"");
		Instant instant = Instant.parse("2024-07-19T09:37:05.123456789Z");
		for (ZoneId zone : List.of(ZoneOffset.UTC, ZoneId.of("America/Los_Angeles"), ZoneId.of("Asia/Kolkata"))) {
			for (TimeFormat replied : TimeFormat.values()) {
				String reply = new String(new TimeText(Clock.fixed(instant, zone), replied).now(), StandardCharsets.UTF_8);
				assertThat(runShell(stubbed, reply)).as("%s reply %s checked as %s", replied, reply, configured)
					.isEqualTo((replied == format) ? 0 : 1);
			}
		}
	}

	private static int runShell(String script, String reply) throws Exception {
		ProcessBuilder shell = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		shell.environment().put("REPLY", reply);
		Process process = shell.start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		return process.exitValue();
	}

	@Test
	void theImageIsTheChartsAppVersionUnlessPinned() {
		assertThat(container(deployment(HelmChart.renderDefaults())).getImage()).isEqualTo("ackgate:0.1.0-SNAPSHOT");
		String digest = "sha256:" + "a".repeat(64);
		assertThat(container(deployment(HelmChart.renderDefaults("image.repository", "registry.example/ackgate",
				"image.digest", digest)))
			.getImage()).isEqualTo("registry.example/ackgate@" + digest);
	}

	@Test
	void journalScenarioRendersAStatefulSetWithAVolumeClaimAndTheSamePod() {
		Rendered rendered = HelmChart.render("journal-values.yaml");
		assertThat(rendered.ofKind("Deployment")).isEmpty();
		V1StatefulSet set = statefulSet(rendered);
		assertThat(set.getSpec().getServiceName()).isEqualTo(FULLNAME + "-headless");
		assertThat(set.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
		V1PersistentVolumeClaim claim = set.getSpec().getVolumeClaimTemplates().get(0);
		assertThat(set.getSpec().getVolumeClaimTemplates()).hasSize(1);
		assertThat(claim.getMetadata().getName()).isEqualTo("journal");
		assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
		assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
		assertThat(claim.getSpec().getResources().getRequests().get("storage").toSuffixedString()).isEqualTo("5Gi");
		V1Container container = container(set.getSpec().getTemplate().getSpec());
		assertThat(container.getVolumeMounts()).anySatisfy((mount) -> {
			assertThat(mount.getName()).isEqualTo("journal");
			assertThat(mount.getMountPath()).isEqualTo("/var/lib/ackgate/journal");
			assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
		});
		assertThat(env(container, "ACKGATE_JOURNAL_ENABLED")).isEqualTo("true");
		assertThat(env(container, "ACKGATE_JOURNAL_DIRECTORY")).isEqualTo("/var/lib/ackgate/journal");
		// disk_free_bytes for the journal's volume, which AckgateDiskNearFull watches
		assertThat(env(container, "MANAGEMENT_METRICS_SYSTEM_DISKSPACE_PATHS")).isEqualTo("/var/lib/ackgate/journal");

		// The same pod as the Deployment's, but for the journal's environment and volume mount. The
		// relay's local mode needs the journal, so the Deployment is the upstream mode's: another
		// application.yml, so another checksum/config.
		V1PodTemplateSpec withoutJournal = deployment(HelmChart.render("journal-values.yaml", "journal.enabled", false,
				"config.ackgate.relay.ack-mode", "upstream"))
			.getSpec().getTemplate();
		V1PodTemplateSpec withJournal = set.getSpec().getTemplate();
		withoutJournal.getMetadata().getAnnotations().remove("checksum/config");
		withJournal.getMetadata().getAnnotations().remove("checksum/config");
		container(withJournal.getSpec()).getEnv()
			.removeIf((e) -> e.getName().startsWith("ACKGATE_JOURNAL_")
					|| e.getName().equals("MANAGEMENT_METRICS_SYSTEM_DISKSPACE_PATHS"));
		container(withJournal.getSpec()).getVolumeMounts().removeIf((m) -> m.getName().equals("journal"));
		assertThat(withJournal).isEqualTo(withoutJournal);
		assertThat(set.getSpec().getReplicas()).isEqualTo(3);
		assertThat(rendered.ofKind("HorizontalPodAutoscaler")).isEmpty();
		// A journal nothing forwards from may be autoscaled: the autoscaler then scales the StatefulSet.
		Rendered journalOnly = HelmChart.render("journal-values.yaml", "config.ackgate.relay.enabled", false,
				"autoscaling.enabled", true, "resources.requests.cpu", "250m");
		assertThat(KubernetesModels.validate(journalOnly.one("HorizontalPodAutoscaler", FULLNAME),
				V2HorizontalPodAutoscaler.class).getSpec().getScaleTargetRef().getKind()).isEqualTo("StatefulSet");
		assertThat(statefulSet(journalOnly).getSpec().getReplicas()).as("the autoscaler owns the count").isNull();
	}

	/**
	 * The StatefulSet's serviceName must name a headless Service that always exists: the client
	 * Service has a cluster IP (no per-pod DNS names) and is left out when every endpoint is off.
	 */
	@Test
	void theStatefulSetIsGovernedByAHeadlessServiceThatAlwaysExists() {
		Rendered rendered = HelmChart.render("journal-values.yaml", "config.ackgate.line.enabled", false,
				"config.ackgate.framed.enabled", false, "config.ackgate.time.enabled", false,
				"config.ackgate.udp.enabled", false, "metrics.serviceMonitor.enabled", true,
				"metrics.serviceMonitor.force", true);
		assertThat(rendered.byKindAndName()).doesNotContainKey("Service/" + FULLNAME);
		V1StatefulSet set = statefulSet(rendered);
		V1Service governing = service(rendered, set.getSpec().getServiceName());
		assertThat(governing.getSpec().getClusterIP()).isEqualTo("None");
		assertThat(governing.getSpec().getPublishNotReadyAddresses()).isTrue();
		assertThat(governing.getSpec().getSelector()).isEqualTo(set.getSpec().getSelector().getMatchLabels());
		assertThat(governing.getSpec().getPorts())
			.extracting(V1ServicePort::getName, V1ServicePort::getPort, (port) -> port.getTargetPort().getStrValue())
			.containsExactly(tuple("http-management", 8081, "http-management"));
		// The ServiceMonitor still selects only the management Service, or it would scrape each pod twice.
		Map<String, Object> matchLabels = Values.map(rendered.one("ServiceMonitor", FULLNAME), "spec", "selector",
				"matchLabels");
		assertThat(governing.getMetadata().getLabels().entrySet().containsAll(matchLabels.entrySet())).isFalse();
		assertThat(HelmChart.renderDefaults().byKindAndName()).as("a Deployment has no governing Service")
			.doesNotContainKey("Service/" + FULLNAME + "-headless");
	}

	/**
	 * A scale-down stops the highest ordinals and keeps their claims: what their journals acked but
	 * had not forwarded waits there until that ordinal runs again, so no autoscaler may do it.
	 */
	@Test
	void anAutoscalerOnAJournalForwardedLaterFailsTheRenderNamingTheValues() {
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.render("journal-values.yaml", "autoscaling.enabled", true))
			.withMessageContaining("autoscaling.enabled cannot be combined with a journal forwarded later "
					+ "(config.ackgate.relay.ack-mode: local)")
			.withMessageContaining("unforwarded in the removed pods' volumes");
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.render("kafka-values.yaml", "kafka.ackMode", "local"))
			.withMessageContaining("(kafka.ackMode: local)");
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.render("kafka-values.yaml", "kafka.ackMode", "local", "config.ackgate.relay.enabled",
					true, "config.ackgate.relay.host", "upstream.example", "config.ackgate.relay.ack-mode", "local"))
			.withMessageContaining("(kafka.ackMode: local and config.ackgate.relay.ack-mode: local)");
		assertThat(deployment(HelmChart.render("kafka-values.yaml")).getSpec().getReplicas())
			.as("broker mode keeps its autoscaler").isNull();
	}

	@Test
	void theJournalSwitchedOnInConfigAloneFailsTheRender() {
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.renderDefaults("config.ackgate.journal.enabled", true))
			.withMessageContaining("needs journal.enabled: true");
	}

	/** RelayConfiguration refuses to start in local mode without the journal: the chart gives it one, as to Kafka's. */
	@Test
	void theRelaysLocalAckModeRendersTheStatefulSetWithTheJournal() {
		Object[] relay = { "config.ackgate.relay.enabled", true, "config.ackgate.relay.host", "upstream.example",
				"config.ackgate.relay.ack-mode", "local" };
		Rendered rendered = HelmChart.renderDefaults(relay);
		assertThat(rendered.ofKind("Deployment")).isEmpty();
		V1StatefulSet set = statefulSet(rendered);
		assertThat(set.getSpec().getVolumeClaimTemplates()).singleElement()
			.satisfies((claim) -> assertThat(claim.getMetadata().getName()).isEqualTo("journal"));
		assertThat(env(container(set.getSpec().getTemplate().getSpec()), "ACKGATE_JOURNAL_ENABLED")).isEqualTo("true");
		// Tuning the journal in config is then fine without journal.enabled.
		assertThat(statefulSet(HelmChart.renderDefaults(relay[0], relay[1], relay[2], relay[3], relay[4], relay[5],
				"config.ackgate.journal.enabled", true))).isNotNull();
		// The upstream mode acks after the upstream's ack: no journal needed, the stateless Deployment.
		assertThat(deployment(HelmChart.renderDefaults(relay[0], relay[1], relay[2], relay[3], relay[4], "upstream")))
			.isNotNull();
		assertThat(deployment(HelmChart.renderDefaults(relay[0], false, relay[4], "local"))).as("the relay off")
			.isNotNull();
	}

	// Kafka (issue 14): broker mode stateless, local mode journaled, credentials only from Secrets.

	@Test
	void kafkaBrokerModeRendersTheStatelessDeploymentWithItsAutoscalerAndBudget() {
		Rendered rendered = HelmChart.render("kafka-values.yaml");
		assertThat(rendered.ofKind("StatefulSet")).isEmpty();
		V1Deployment deployment = deployment(rendered);
		assertThat(deployment.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();
		assertThat(KubernetesModels.validate(rendered.one("HorizontalPodAutoscaler", FULLNAME),
				V2HorizontalPodAutoscaler.class).getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(KubernetesModels.validate(rendered.one("PodDisruptionBudget", FULLNAME),
				V1PodDisruptionBudget.class).getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
		V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
		assertThat(pod.getVolumes()).extracting(V1Volume::getName).doesNotContain("journal");
		V1Container container = container(pod);
		assertThat(env(container, "ACKGATE_KAFKA_ENABLED")).isEqualTo("true");
		assertThat(env(container, "ACKGATE_KAFKA_ACK_MODE")).isEqualTo("broker");
		assertThat(env(container, "ACKGATE_KAFKA_TOPIC")).isEqualTo("device-messages");
		assertThat(env(container, "ACKGATE_KAFKA_SEND_TIMEOUT")).isEqualTo("5s");
		assertThat(env(container, "ACKGATE_KAFKA_CREATE_TOPIC")).isEqualTo("false");
		assertThat(env(container, "ACKGATE_KAFKA_REPLICATION_FACTOR")).as("the service's default").isEqualTo("-1");
		assertThat(env(container, "ACKGATE_JOURNAL_ENABLED")).isNull();
		assertThat(env(container, "SPRING_KAFKA_BOOTSTRAP_SERVERS")).startsWith("kafka-0.kafka.example.internal:9093,");
		assertThat(env(container, "SPRING_KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
		assertThat(env(container, "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
	}

	@Test
	void kafkaCredentialsComeFromSecretsAndNeverReachTheConfigMap() {
		Rendered rendered = HelmChart.render("kafka-values.yaml");
		V1PodSpec pod = deployment(rendered).getSpec().getTemplate().getSpec();
		V1Container container = container(pod);
		assertThat(secretRef(container, "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"))
			.isEqualTo(tuple("ackgate-kafka-credentials", "sasl.jaas.config"));
		assertThat(secretRef(container, "SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD"))
			.isEqualTo(tuple("ackgate-kafka-truststore", "truststore.password"));
		assertThat(env(container, "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION"))
			.isEqualTo("file:/etc/ackgate-kafka-tls/truststore.p12");
		assertThat(env(container, "SPRING_KAFKA_SSL_TRUST_STORE_TYPE")).isEqualTo("PKCS12");
		assertThat(env(container, "SPRING_KAFKA_SSL_KEY_STORE_LOCATION")).as("no client certificate asked for").isNull();
		V1Volume tls = pod.getVolumes().stream().filter((v) -> "kafka-tls".equals(v.getName())).findFirst().orElseThrow();
		assertThat(tls.getSecret().getSecretName()).isEqualTo("ackgate-kafka-truststore");
		assertThat(container.getVolumeMounts()).filteredOn((m) -> "kafka-tls".equals(m.getName())).singleElement()
			.satisfies((m) -> {
				assertThat(m.getMountPath()).isEqualTo("/etc/ackgate-kafka-tls");
				assertThat(m.getReadOnly()).isTrue();
			});
		String applicationYml = KubernetesModels.validate(rendered.one("ConfigMap", FULLNAME), V1ConfigMap.class)
			.getData().get("application.yml");
		assertThat(applicationYml).doesNotContain("jaas", "password", "ackgate-kafka");
		assertThat(HelmChart.render("default-values.yaml").objects()).noneMatch((object) -> String.valueOf(object)
			.contains("KAFKA"));

		// Mutual TLS adds the key store, its password again from the Secret.
		V1Container mutual = container(deployment(HelmChart.render("kafka-values.yaml", "kafka.tls.keystoreKey",
				"keystore.p12", "kafka.tls.keystorePasswordKey", "keystore.password")));
		assertThat(env(mutual, "SPRING_KAFKA_SSL_KEY_STORE_LOCATION")).isEqualTo("file:/etc/ackgate-kafka-tls/keystore.p12");
		assertThat(secretRef(mutual, "SPRING_KAFKA_SSL_KEY_STORE_PASSWORD"))
			.isEqualTo(tuple("ackgate-kafka-truststore", "keystore.password"));
	}

	@Test
	void kafkaEnvironmentBindsToSpringBootsKafkaKeys() {
		V1Container container = container(deployment(HelmChart.render("kafka-values.yaml")));
		Map<String, Object> environment = new HashMap<>();
		for (V1EnvVar variable : container.getEnv()) {
			// What the kubelet puts in place of a secretKeyRef: the Secret's value for that key.
			environment.put(variable.getName(), (variable.getValue() != null) ? variable.getValue()
					: "secret " + variable.getValueFrom().getSecretKeyRef().getKey());
		}
		org.springframework.core.env.StandardEnvironment spring = new org.springframework.core.env.StandardEnvironment();
		spring.getPropertySources().replace(org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new org.springframework.core.env.SystemEnvironmentPropertySource("systemEnvironment", environment));
		org.springframework.boot.kafka.autoconfigure.KafkaProperties kafka = org.springframework.boot.context.properties.bind.Binder
			.get(spring).bindOrCreate("spring.kafka", org.springframework.boot.kafka.autoconfigure.KafkaProperties.class);
		assertThat(kafka.getBootstrapServers()).containsExactly("kafka-0.kafka.example.internal:9093",
				"kafka-1.kafka.example.internal:9093", "kafka-2.kafka.example.internal:9093");
		assertThat(kafka.getSecurity().getProtocol()).isEqualTo("SASL_SSL");
		assertThat(kafka.getProperties()).containsEntry("sasl.jaas.config", "secret sasl.jaas.config")
			.containsEntry("sasl.mechanism", "SCRAM-SHA-512");
		assertThat(kafka.getSsl().getTrustStoreLocation().getDescription()).contains("/etc/ackgate-kafka-tls/truststore.p12");
		assertThat(kafka.getSsl().getTrustStorePassword()).isEqualTo("secret truststore.password");
		assertThat(kafka.getSsl().getTrustStoreType()).isEqualTo("PKCS12");
		org.ackgate.kafka.KafkaProperties ackgate = org.springframework.boot.context.properties.bind.Binder.get(spring)
			.bindOrCreate("ackgate.kafka", org.ackgate.kafka.KafkaProperties.class);
		assertThat(ackgate.enabled()).isTrue();
		assertThat(ackgate.topic()).isEqualTo("device-messages");
		assertThat(ackgate.ackMode()).isEqualTo(org.ackgate.kafka.KafkaAckMode.BROKER);
		assertThat(ackgate.key()).isEqualTo(org.ackgate.kafka.KafkaKey.CONNECTION);
		assertThat(ackgate.sendTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
		assertThat(ackgate.createTopic()).isFalse();
		assertThat(ackgate.partitions()).isEqualTo(3);
		assertThat(ackgate.replicationFactor()).isEqualTo(-1);
	}

	@Test
	void kafkaLocalModeRendersTheStatefulSetWithTheJournalVolume() {
		Rendered rendered = HelmChart.render("kafka-values.yaml", "kafka.ackMode", "local", "autoscaling.enabled", false);
		assertThat(rendered.ofKind("Deployment")).isEmpty();
		V1StatefulSet set = statefulSet(rendered);
		assertThat(set.getSpec().getVolumeClaimTemplates()).singleElement()
			.satisfies((claim) -> assertThat(claim.getMetadata().getName()).isEqualTo("journal"));
		V1Container container = container(set.getSpec().getTemplate().getSpec());
		assertThat(env(container, "ACKGATE_KAFKA_ACK_MODE")).isEqualTo("local");
		assertThat(env(container, "ACKGATE_JOURNAL_ENABLED")).as("local mode acks once journaled").isEqualTo("true");
		assertThat(container.getVolumeMounts()).extracting(V1VolumeMount::getName).contains("journal", "kafka-tls");
		assertThat(rendered.ofKind("HorizontalPodAutoscaler")).as("a scale-down would strand its backlog").isEmpty();
		assertThat(rendered.ofKind("PodDisruptionBudget")).hasSize(1);
		for (Map<String, Object> object : rendered.objects()) {
			KubernetesModels.validate(object);
		}
	}

	@Test
	void kafkaValuesThatCannotWorkFailTheRenderNamingTheValue() {
		assertThatIllegalStateException().isThrownBy(() -> HelmChart.renderDefaults("kafka.enabled", true))
			.withMessageContaining("kafka.bootstrapServers is required");
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.render("kafka-values.yaml", "kafka.sasl.existingSecret", ""))
			.withMessageContaining("kafka.sasl.existingSecret");
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.render("kafka-values.yaml", "kafka.securityProtocol", "SSL"))
			.withMessageContaining("kafka.sasl.existingSecret is set but kafka.securityProtocol is not SASL");
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.render("kafka-values.yaml", "kafka.ackMode", "leader"))
			.withMessageContaining("ackMode");
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.renderDefaults("config.ackgate.kafka.enabled", true))
			.withMessageContaining("config.ackgate.kafka.enabled needs kafka.enabled: true");
	}

	/* The chart's Kafka settings are environment variables, which win over the ConfigMap's file. */
	@Test
	void kafkaSettingsUnderConfigThatTheChartOverridesFailTheRender() {
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.render("kafka-values.yaml", "config.ackgate.kafka.topic", "mine"))
			.withMessageContaining("config.ackgate.kafka.topic is overridden by the chart's kafka.topic");
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.render("kafka-values.yaml", "config.ackgate.kafka.ack-mode", "local"))
			.withMessageContaining("set kafka.ackMode instead");
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.render("kafka-values.yaml", "config.spring.kafka.bootstrap-servers", "b:9092"))
			.withMessageContaining("config.spring.kafka.bootstrap-servers is overridden");
		// What the chart does not set is the configuration file's to give.
		Rendered rendered = HelmChart.render("kafka-values.yaml", "config.ackgate.kafka.check-interval", "10s");
		String applicationYml = KubernetesModels.validate(rendered.one("ConfigMap", FULLNAME), V1ConfigMap.class)
			.getData().get("application.yml");
		assertThat(Values.map(new Yaml().load(applicationYml), "ackgate", "kafka")).containsEntry("check-interval", "10s");
	}

	@Test
	void replicasSpreadOverNodesAndZonesUnlessToldOtherwise() {
		assertThat(deployment(HelmChart.renderDefaults()).getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
			.extracting(V1TopologySpreadConstraint::getTopologyKey, V1TopologySpreadConstraint::getMaxSkew,
					V1TopologySpreadConstraint::getWhenUnsatisfiable)
			.containsExactly(tuple("kubernetes.io/hostname", 1, "ScheduleAnyway"),
					tuple("topology.kubernetes.io/zone", 1, "ScheduleAnyway"));
		assertThat(deployment(HelmChart.renderDefaults("topologySpread.whenUnsatisfiable", "DoNotSchedule",
				"topologySpread.topologyKeys[0]", "topology.kubernetes.io/zone", "topologySpread.maxSkew", 2))
			.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
			.extracting(V1TopologySpreadConstraint::getTopologyKey, V1TopologySpreadConstraint::getMaxSkew,
					V1TopologySpreadConstraint::getWhenUnsatisfiable)
			.containsExactly(tuple("topology.kubernetes.io/zone", 2, "DoNotSchedule"));
		// Constraints of one's own replace the chart's; and the chart's can be switched off.
		assertThat(deployment(HelmChart.renderDefaults("topologySpreadConstraints[0].maxSkew", 3,
				"topologySpreadConstraints[0].topologyKey", "rack", "topologySpreadConstraints[0].whenUnsatisfiable",
				"DoNotSchedule", "topologySpreadConstraints[0].labelSelector.matchLabels.app", "x"))
			.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
			.extracting(V1TopologySpreadConstraint::getTopologyKey)
			.containsExactly("rack");
		assertThat(deployment(HelmChart.renderDefaults("topologySpread.enabled", false)).getSpec().getTemplate().getSpec()
			.getTopologySpreadConstraints()).isNullOrEmpty();
	}

	/**
	 * The ConfigMap is mounted read-only at /etc/ackgate, so a volume mounted inside it fails the
	 * container's start (found by scripts/chart-pod-check.py, when the trust store's default was there).
	 */
	@Test
	void aVolumeMountedInsideTheConfigurationDirectoryFailsTheRender() {
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.render("kafka-values.yaml", "kafka.tls.mountPath", "/etc/ackgate/kafka-tls"))
			.withMessageContaining("kafka.tls.mountPath /etc/ackgate/kafka-tls is inside /etc/ackgate")
			.withMessageContaining("such as /etc/ackgate-kafka-tls");
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.render("tls-values.yaml", "tls.mountPath", "/etc/ackgate/"))
			.withMessageContaining("tls.mountPath /etc/ackgate/ is inside /etc/ackgate")
			.withMessageNotContaining("such as");
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.render("journal-values.yaml", "journal.mountPath", "/etc/ackgate/journal"))
			.withMessageContaining("journal.mountPath /etc/ackgate/journal is inside /etc/ackgate");
		// A sibling directory is fine, and so is the same path with Kafka's trust store not mounted.
		assertThat(HelmChart.render("kafka-values.yaml", "kafka.tls.mountPath", "/etc/ackgate-kafka").objects()).isNotEmpty();
		assertThat(HelmChart.render("default-values.yaml", "kafka.tls.mountPath", "/etc/ackgate/kafka-tls").objects())
			.isNotEmpty();
	}

	private static Object secretRef(V1Container container, String name) {
		V1EnvVar variable = container.getEnv().stream().filter((e) -> e.getName().equals(name)).findFirst().orElseThrow();
		assertThat(variable.getValue()).as("%s holds no value of its own", name).isNull();
		return tuple(variable.getValueFrom().getSecretKeyRef().getName(), variable.getValueFrom().getSecretKeyRef().getKey());
	}

	private static String checksum(Rendered rendered) {
		return deployment(rendered).getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
	}

	private static String probePath(V1Probe probe) {
		assertThat(probe).isNotNull();
		return probe.getHttpGet().getPath();
	}

	@Test
	void tlsMountsTheSecretDefinesTheBundleAndKeepsWhatConfigSays() {
		Rendered rendered = HelmChart.render("tls-values.yaml");
		Map<String, String> data = KubernetesModels.validate(rendered.one("ConfigMap", FULLNAME), V1ConfigMap.class)
			.getData();
		Map<String, Object> applicationYml = new Yaml().load(data.get("application.yml"));
		assertThat(Values.map(applicationYml, "spring", "ssl", "bundle", "pem", "ackgate")).isEqualTo(Map.of(
				"reload-on-update", true,
				"keystore", Map.of("certificate", "file:/etc/ackgate-tls/tls.crt", "private-key", "file:/etc/ackgate-tls/tls.key"),
				"truststore", Map.of("certificate", "file:/etc/ackgate-tls/ca.crt")));
		for (String endpoint : List.of("framed", "time")) {
			assertThat(Values.map(applicationYml, "ackgate", endpoint, "ssl"))
				.isEqualTo(Map.of("bundle", "ackgate", "client-auth", "want"));
		}
		assertThat(Values.map(applicationYml, "ackgate", "line", "ssl"))
			.as("config's own ssl keys merge with the generated ones")
			.isEqualTo(Map.of("bundle", "ackgate", "client-auth", "want", "handshake-timeout", "5s"));
		assertThat(Values.map(applicationYml, "ackgate", "line")).containsEntry("allow", List.of("10.0.0.0/8", "2001:db8::/32"))
			.containsEntry("max-connections-per-source", 100);
		assertThat(Values.map(applicationYml, "ackgate", "udp")).doesNotContainKey("ssl");

		V1PodSpec pod = deployment(rendered).getSpec().getTemplate().getSpec();
		V1Volume tls = pod.getVolumes().stream().filter((v) -> "tls".equals(v.getName())).findFirst().orElseThrow();
		assertThat(tls.getSecret().getSecretName()).isEqualTo("ackgate-tls");
		assertThat(container(pod).getVolumeMounts()).filteredOn((m) -> "tls".equals(m.getName())).singleElement()
			.satisfies((m) -> {
				assertThat(m.getMountPath()).isEqualTo("/etc/ackgate-tls");
				assertThat(m.getReadOnly()).isTrue();
			});

		V1Pod test = KubernetesModels.validate(rendered.one("Pod", "ackgate-test"), V1Pod.class);
		assertThat(env(test.getSpec().getContainers().get(0), "TLS_OPTIONS")).isEqualTo("--tls --insecure");
		assertThat(HelmChart.render("default-values.yaml").objects()).noneMatch((object) -> String.valueOf(object)
			.contains("ackgate-tls"));
	}

	@Test
	void tlsWithoutASecretNameFailsTheRenderAndNeedLeavesTheLineTestOut() {
		assertThatIllegalStateException().isThrownBy(() -> HelmChart.renderDefaults("tls.enabled", true))
			.withMessageContaining("secretName");
		V1Pod test = KubernetesModels.validate(HelmChart.render("tls-values.yaml", "tls.clientAuth", "need")
			.one("Pod", "ackgate-test"), V1Pod.class);
		assertThat(test.getSpec().getContainers()).extracting(V1Container::getName).containsExactly("udp-time");
	}

	/**
	 * The pods' owner: the Deployment, or with the journal the StatefulSet, as far as both are alike.
	 * @param kind {@code Deployment} or {@code StatefulSet}
	 * @param selector the pod selector
	 * @param replicas the replica count, {@code null} when an HPA owns it
	 * @param template the pod template
	 * @param updateStrategy the rollout type
	 */
	record Workload(String kind, V1LabelSelector selector, Integer replicas, V1PodTemplateSpec template,
			String updateStrategy) {
	}

	private static Workload workload(Rendered rendered) {
		if (rendered.byKindAndName().containsKey("StatefulSet/" + FULLNAME)) {
			V1StatefulSet set = statefulSet(rendered);
			return new Workload("StatefulSet", set.getSpec().getSelector(), set.getSpec().getReplicas(),
					set.getSpec().getTemplate(), set.getSpec().getUpdateStrategy().getType());
		}
		V1Deployment deployment = deployment(rendered);
		return new Workload("Deployment", deployment.getSpec().getSelector(), deployment.getSpec().getReplicas(),
				deployment.getSpec().getTemplate(), deployment.getSpec().getStrategy().getType());
	}

	private static V1StatefulSet statefulSet(Rendered rendered) {
		return KubernetesModels.validate(rendered.one("StatefulSet", FULLNAME), V1StatefulSet.class);
	}

	private static V1Deployment deployment(Rendered rendered) {
		return KubernetesModels.validate(rendered.one("Deployment", FULLNAME), V1Deployment.class);
	}

	private static List<V1Service> services(Rendered rendered) {
		return rendered.ofKind("Service").stream().map((s) -> KubernetesModels.validate(s, V1Service.class)).toList();
	}

	private static V1Service service(Rendered rendered, String name) {
		return KubernetesModels.validate(rendered.one("Service", name), V1Service.class);
	}

	private static V1Container container(V1Deployment deployment) {
		return container(deployment.getSpec().getTemplate().getSpec());
	}

	private static V1Container container(V1PodSpec pod) {
		assertThat(pod.getContainers()).hasSize(1);
		return pod.getContainers().get(0);
	}

	private static String env(V1Container container, String name) {
		if (container.getEnv() == null) {
			return null;
		}
		return container.getEnv().stream().filter((e) -> e.getName().equals(name)).map(V1EnvVar::getValue)
			.filter(Objects::nonNull).findFirst().orElse(null);
	}

}
