package org.ackgate.deployment;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

/**
 * Checks rendered objects against the Kubernetes API models of {@code client-java-api}: their
 * generated {@code validateJsonElement} rejects a field the API does not define (a misspelled key
 * that {@code helm lint} lets through and the API server would drop or refuse) and a missing
 * required field, at every level of nesting. The ServiceMonitor, a custom resource with no model
 * there, is checked against the Prometheus Operator's field names.
 */
final class KubernetesModels {

	private static final Gson PLAIN = new Gson();

	private static final Map<String, Class<?>> MODELS = Map.of(
			"v1/ConfigMap", V1ConfigMap.class,
			"v1/Service", V1Service.class,
			"v1/ServiceAccount", V1ServiceAccount.class,
			"v1/Pod", V1Pod.class,
			"apps/v1/Deployment", V1Deployment.class,
			"apps/v1/StatefulSet", V1StatefulSet.class,
			"policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
			"autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class);

	private KubernetesModels() {
	}

	/** The object as its typed model, after strict validation; fails on anything the API does not define. */
	static Object validate(Map<String, Object> object) {
		String type = object.get("apiVersion") + "/" + object.get("kind");
		JsonElement json = PLAIN.toJsonTree(object);
		if ("monitoring.coreos.com/v1/ServiceMonitor".equals(type)) {
			validateServiceMonitor(json.getAsJsonObject());
			return json;
		}
		Class<?> model = MODELS.get(type);
		if (model == null) {
			throw new IllegalArgumentException("no Kubernetes model known for " + type);
		}
		try {
			model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalArgumentException(type + " " + name(object) + ": " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
		Object typed = JSON.getGson().fromJson(json, model);
		String difference = difference("", json, JSON.getGson().toJsonTree(typed));
		if (difference != null) {
			// validateJsonElement accepts 8080 where the API wants "8080"; the API server does not.
			throw new IllegalArgumentException(type + " " + name(object) + " does not survive its model unchanged at "
					+ difference + " (a wrong type: a number or boolean where the API expects a string, or the reverse)");
		}
		return typed;
	}

	/** The models start with empty lists and maps where the YAML had none: not a difference. */
	private static boolean isEmpty(JsonElement json) {
		return (json.isJsonObject() && json.getAsJsonObject().isEmpty()) || (json.isJsonArray() && json.getAsJsonArray().isEmpty());
	}

	/** The first path where two JSON trees differ, or null when they are equal. */
	private static String difference(String path, JsonElement expected, JsonElement actual) {
		if (expected.isJsonObject() && actual.isJsonObject()) {
			JsonObject left = expected.getAsJsonObject();
			JsonObject right = actual.getAsJsonObject();
			for (String key : left.keySet()) {
				if (!right.has(key)) {
					return left.get(key).isJsonNull() ? null : path + "." + key + " (dropped)";
				}
				String inner = difference(path + "." + key, left.get(key), right.get(key));
				if (inner != null) {
					return inner;
				}
			}
			return right.keySet().stream().filter((key) -> !left.has(key) && !isEmpty(right.get(key))).findFirst()
				.map((key) -> path + "." + key + " (added)").orElse(null);
		}
		if (expected.isJsonArray() && actual.isJsonArray() && expected.getAsJsonArray().size() == actual.getAsJsonArray().size()) {
			for (int i = 0; i < expected.getAsJsonArray().size(); i++) {
				String inner = difference(path + "[" + i + "]", expected.getAsJsonArray().get(i), actual.getAsJsonArray().get(i));
				if (inner != null) {
					return inner;
				}
			}
			return null;
		}
		return expected.equals(actual) ? null : path + ": " + expected + " became " + actual;
	}

	@SuppressWarnings("unchecked")
	static <T> T validate(Map<String, Object> object, Class<T> model) {
		return (T) validate(object);
	}

	private static final Set<String> SERVICE_MONITOR_SPEC = Set.of("attachMetadata", "bodySizeLimit",
			"convertClassicHistogramsToNHCB", "endpoints", "fallbackScrapeProtocol", "jobLabel", "keepDroppedTargets",
			"labelLimit", "labelNameLengthLimit", "labelValueLengthLimit", "namespaceSelector",
			"nativeHistogramBucketLimit", "nativeHistogramMinBucketFactor", "podTargetLabels", "sampleLimit",
			"scrapeClass", "scrapeClassicHistograms", "scrapeProtocols", "selector", "selectorMechanism",
			"serviceDiscoveryRole", "targetLabels", "targetLimit");

	private static final Set<String> SERVICE_MONITOR_ENDPOINT = Set.of("authorization", "basicAuth",
			"bearerTokenFile", "bearerTokenSecret", "enableHttp2", "filterRunning", "followRedirects", "honorLabels",
			"honorTimestamps", "interval", "metricRelabelings", "noProxy", "oauth2", "params", "path", "port",
			"proxyConnectHeader", "proxyFromEnvironment", "proxyUrl", "relabelings", "scheme", "scrapeTimeout",
			"targetPort", "tlsConfig", "trackTimestampsStaleness");

	private static void validateServiceMonitor(JsonObject json) {
		try {
			validateServiceMonitorFields(json);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static void validateServiceMonitorFields(JsonObject json) throws java.io.IOException {
		onlyKeys("ServiceMonitor", json, Set.of("apiVersion", "kind", "metadata", "spec"));
		V1ObjectMeta.validateJsonElement(json.get("metadata"));
		JsonObject spec = json.getAsJsonObject("spec");
		onlyKeys("ServiceMonitor.spec", spec, SERVICE_MONITOR_SPEC);
		require("ServiceMonitor.spec", spec, List.of("selector", "endpoints"));
		V1LabelSelector.validateJsonElement(spec.get("selector"));
		if (spec.has("namespaceSelector")) {
			onlyKeys("ServiceMonitor.spec.namespaceSelector", spec.getAsJsonObject("namespaceSelector"),
					Set.of("any", "matchNames"));
		}
		for (JsonElement endpoint : spec.getAsJsonArray("endpoints")) {
			onlyKeys("ServiceMonitor.spec.endpoints[]", endpoint.getAsJsonObject(), SERVICE_MONITOR_ENDPOINT);
			if (!endpoint.getAsJsonObject().has("port") && !endpoint.getAsJsonObject().has("targetPort")) {
				throw new IllegalArgumentException("ServiceMonitor endpoint names neither port nor targetPort: " + endpoint);
			}
		}
	}

	private static void onlyKeys(String where, JsonObject json, Set<String> allowed) {
		for (String key : json.keySet()) {
			if (!allowed.contains(key)) {
				throw new IllegalArgumentException("The field `" + key + "` is not defined in " + where);
			}
		}
	}

	private static void require(String where, JsonObject json, List<String> required) {
		for (String key : required) {
			if (!json.has(key)) {
				throw new IllegalArgumentException("The required field `" + key + "` is missing in " + where);
			}
		}
	}

	private static Object name(Map<String, Object> object) {
		return Values.at(object, "metadata", "name");
	}

}
