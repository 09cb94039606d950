package org.ackgate.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * values.schema.json: a typo or a wrong type in user values fails the render (and so
 * {@code helm install}), and the schema accepts exactly the {@code ackgate.*} properties the
 * service defines, as its configuration metadata lists them.
 */
class HelmValuesSchemaTests {

	private static final Path SCHEMA = HelmChart.DIRECTORY.resolve("values.schema.json");

	private static final Path METADATA = Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json");

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			replicaCont                              | 3
			service.typ                              | LoadBalancer
			service.ports.lines                      | 9000
			config.ackgate.line.prot                 | 9000
			config.ackgate.lines.port                | 9000
			config.ackgate.udp.ack-prefix            | x
			metrics.serviceMonitor.enable            | true
			podDisruptionBudget.minAvaliable         | 1
			""")
	void aMisspelledKeyFailsTheRender(String key, String value) {
		assertThatIllegalStateException().isThrownBy(() -> HelmChart.renderDefaults(key, value))
			.withMessageContaining("values don't meet the specifications of the schema");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			replicaCount                             | two
			service.type                             | Loadbalancer
			service.ports.udp                        | 70000
			config.ackgate.udp.port                  | 0
			config.ackgate.line.enabled              | yes
			config.ackgate.framed.ack-framing        | json
			config.ackgate.time.format               | iso
			config.ackgate.shutdown.grace-period     | ten seconds
			config.ackgate.line.max-message-size     | 64 kilobytes
			config.ackgate.line.max-message-size     | 64kb
			config.ackgate.line.read-timeout         | -5s
			config.ackgate.line.read-timeout         | 5 s
			config.management.server.port            | http
			image.pullPolicy                         | Sometimes
			podSecurityContext.runAsUser             | nobody
			podDisruptionBudget.maxUnavailable       | half
			""")
	void aWrongTypeOrValueFailsTheRender(String key, String value) {
		assertThatIllegalStateException().isThrownBy(() -> HelmChart.renderDefaults(key, value))
			.withMessageContaining("values don't meet the specifications of the schema");
	}

	@Test
	void theSchemaErrorNamesTheOffendingKey() {
		assertThatIllegalStateException().isThrownBy(() -> HelmChart.renderDefaults("config.ackgate.line.prot", 9000))
			.withMessageContaining("prot");
	}

	@Test
	void freeFormSpringSettingsAndValidValuesPass() {
		assertThat(HelmChart.renderDefaults("config.logging.structured.format.console", "ecs",
				"config.ackgate.line.max-message-size", "1MB", "config.ackgate.shutdown.grace-period", "PT5S",
				"config.ackgate.framed.ack-framing", "headers", "podDisruptionBudget.maxUnavailable", "50%")
			.objects()).isNotEmpty();
	}

	/**
	 * Every {@code ackgate.*} property of the service is accepted under {@code config.ackgate} with
	 * its type, and the schema names no property the service does not have. A new property (a later
	 * issue's) fails this test until the schema describes it, so the chart never rejects valid
	 * configuration.
	 */
	@Test
	void theSchemaDescribesExactlyTheServicesAckgateProperties() throws IOException {
		assertThat(METADATA).as("written by spring-boot-configuration-processor at compile time").exists();
		JsonObject schema = JsonParser.parseString(Files.readString(SCHEMA)).getAsJsonObject();
		JsonObject ackgate = resolve(schema, schema.getAsJsonObject("properties").getAsJsonObject("config"))
			.getAsJsonObject("properties").getAsJsonObject("ackgate");
		Map<String, JsonObject> described = new java.util.TreeMap<>();
		leaves(schema, ackgate, "ackgate", described);

		JsonArray properties = JsonParser.parseString(Files.readString(METADATA)).getAsJsonObject().getAsJsonArray("properties");
		Set<String> defined = new TreeSet<>();
		List<String> wrongTypes = new ArrayList<>();
		for (JsonElement element : properties) {
			JsonObject property = element.getAsJsonObject();
			String name = property.get("name").getAsString();
			if (!name.startsWith("ackgate.")) {
				continue;
			}
			defined.add(name);
			JsonObject leaf = described.get(name);
			String type = property.get("type").getAsString();
			if (leaf != null && !types(leaf).containsAll(expectedTypes(type))) {
				wrongTypes.add(name + ": schema " + types(leaf) + ", service " + type);
			}
			Set<String> constants = enumConstants(type);
			if (leaf != null && constants != null && !constants.equals(schemaEnum(leaf))) {
				wrongTypes.add(name + ": schema allows " + schemaEnum(leaf) + ", service " + constants);
			}
		}
		List<String> problems = new ArrayList<>(wrongTypes);
		defined.stream().filter((name) -> !described.containsKey(name))
			.forEach((name) -> problems.add(name + ": in the service, missing from values.schema.json (config.ackgate)"));
		described.keySet().stream().filter((name) -> !defined.contains(name))
			.forEach((name) -> problems.add(name + ": in values.schema.json, not a property of the service"));
		assertThat(problems).isEmpty();
	}

	/** An enum property's values as written in YAML (RFC3339_MILLIS is rfc3339-millis), or null. */
	private static Set<String> enumConstants(String javaType) {
		try {
			Class<?> type = Class.forName(javaType);
			if (!type.isEnum()) {
				return null;
			}
			Set<String> values = new TreeSet<>();
			for (Object constant : type.getEnumConstants()) {
				values.add(((Enum<?>) constant).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
			}
			return values;
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
	}

	private static Set<String> schemaEnum(JsonObject leaf) {
		Set<String> values = new TreeSet<>();
		if (leaf.has("enum")) {
			leaf.getAsJsonArray("enum").forEach((value) -> values.add(value.getAsString()));
		}
		return values;
	}

	private static Set<String> expectedTypes(String javaType) {
		return switch (javaType) {
			case "java.lang.Integer", "java.lang.Long", "java.lang.Short" -> Set.of("integer");
			case "java.lang.Boolean" -> Set.of("boolean");
			case "java.time.Duration", "org.springframework.util.unit.DataSize" -> Set.of("string", "integer");
			default -> Set.of("string");
		};
	}

	private static void leaves(JsonObject schema, JsonObject node, String path, Map<String, JsonObject> into) {
		JsonObject resolved = resolve(schema, node);
		if (resolved.has("properties")) {
			assertThat(resolved.get("additionalProperties")).as("%s is strict", path).isNotNull();
			assertThat(resolved.get("additionalProperties").getAsBoolean()).as("%s is strict", path).isFalse();
			resolved.getAsJsonObject("properties").entrySet()
				.forEach((entry) -> leaves(schema, entry.getValue().getAsJsonObject(), path + "." + entry.getKey(), into));
		}
		else {
			into.put(path, resolved);
		}
	}

	private static JsonObject resolve(JsonObject schema, JsonObject node) {
		if (node.has("$ref")) {
			String name = node.get("$ref").getAsString().replace("#/definitions/", "");
			return schema.getAsJsonObject("definitions").getAsJsonObject(name);
		}
		return node;
	}

	private static Set<String> types(JsonObject leaf) {
		JsonElement type = leaf.get("type");
		Set<String> types = new TreeSet<>();
		if (type.isJsonArray()) {
			type.getAsJsonArray().forEach((t) -> types.add(t.getAsString()));
		}
		else {
			types.add(type.getAsString());
		}
		return types;
	}

}
