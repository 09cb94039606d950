package org.ackgate.docs;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.yaml.snakeyaml.Yaml;

/**
 * The chart's values as dotted paths ({@code journal.enabled}, {@code kafka.tls.existingSecret}),
 * every level included: docs/deployment.md and others name them the way they name beans.
 */
final class HelmValues {

	static final Path FILE = Path.of("helm/ackgate/values.yaml");

	private HelmValues() {
	}

	static Set<String> paths(Path values) {
		Set<String> paths = new TreeSet<>();
		try (Reader reader = Files.newBufferedReader(values)) {
			collect("", new Yaml().load(reader), paths);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return paths;
	}

	private static void collect(String prefix, Object node, Set<String> paths) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> {
				String path = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
				paths.add(path);
				collect(path, value, paths);
			});
		}
	}

}
