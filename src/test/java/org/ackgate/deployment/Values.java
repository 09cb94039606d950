package org.ackgate.deployment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/** YAML values as nested maps: loading, Helm's merge, and navigation by path. */
final class Values {

	private Values() {
	}

	static Map<String, Object> load(Path file) {
		try (Reader reader = Files.newBufferedReader(file)) {
			Map<String, Object> values = new Yaml().load(reader);
			return (values != null) ? values : new LinkedHashMap<>();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Helm's coalescing of user values onto a chart's defaults: maps merge key by key, anything
	 * else replaces, and a null removes the key.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> merge(Map<String, Object> defaults, Map<String, Object> overrides) {
		Map<String, Object> merged = new LinkedHashMap<>();
		defaults.forEach((key, value) -> {
			if (value != null) {
				merged.put(key, value);
			}
		});
		overrides.forEach((key, value) -> {
			Object base = merged.get(key);
			if (value == null) {
				merged.remove(key);
			}
			else if (base instanceof Map<?, ?> baseMap && value instanceof Map<?, ?> valueMap) {
				merged.put(key, merge((Map<String, Object>) baseMap, (Map<String, Object>) valueMap));
			}
			else {
				merged.put(key, value);
			}
		});
		return merged;
	}

	/** The value at a path of map keys (list indexes as integers), or null when a step is missing. */
	static Object at(Object root, Object... path) {
		Object current = root;
		for (Object step : path) {
			if (current instanceof Map<?, ?> map) {
				current = map.get(step);
			}
			else if (current instanceof List<?> list && step instanceof Integer index && index < list.size()) {
				current = list.get(index);
			}
			else {
				return null;
			}
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object root, Object... path) {
		Object value = at(root, path);
		return (value instanceof Map<?, ?>) ? (Map<String, Object>) value : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object root, Object... path) {
		Object value = at(root, path);
		return (value instanceof List<?>) ? (List<Map<String, Object>>) value : List.of();
	}

}
