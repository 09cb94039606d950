package org.ackgate.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.json.JsonParserFactory;

/**
 * The {@code ackgate.*} keys and groups the configuration processor wrote for this build, from
 * {@code target/classes/META-INF/spring-configuration-metadata.json}: the keys the service binds.
 */
record ConfigurationMetadata(Set<String> properties, Set<String> groups) {

	static final Path FILE = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	static ConfigurationMetadata read(Path root) {
		String json;
		try {
			json = Files.readString(root.resolve(FILE));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no configuration metadata: compile first (./mvnw compile)", ex);
		}
		Map<String, Object> metadata = JsonParserFactory.getJsonParser().parseMap(json);
		return new ConfigurationMetadata(names(metadata.get("properties")), names(metadata.get("groups")));
	}

	/** A key the service binds, or a group of them ({@code ackgate.udp.ntp}). */
	boolean knows(String key) {
		return this.properties.contains(key) || this.groups.contains(key);
	}

	/**
	 * Whether a dotted {@code ackgate.x...} word is meant as a key: its first part is one of the
	 * service's top-level groups ({@code ackgate.line}); {@code ackgate.jar} or a host name
	 * {@code ackgate.example.org} are not.
	 */
	boolean isUnder(String word) {
		String[] parts = word.split("\\.");
		return parts.length > 1 && this.groups.contains(parts[0] + "." + parts[1]);
	}

	@SuppressWarnings("unchecked")
	private static Set<String> names(Object entries) {
		Set<String> names = new TreeSet<>();
		for (Map<String, Object> entry : (List<Map<String, Object>>) entries) {
			String name = (String) entry.get("name");
			if (name.startsWith("ackgate.")) {
				names.add(name);
			}
		}
		return names;
	}

}
