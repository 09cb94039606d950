package org.ackgate.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration keys the docs name are the keys the service binds, and the Chinese README
 * gives the same commands, ports and keys as the English one. A failure lists each name to fix
 * with its file and line.
 */
class DocumentedKeysTests {

	private static final Path ROOT = Path.of("").toAbsolutePath();

	private final ConfigurationMetadata metadata = ConfigurationMetadata.read(ROOT);

	@Test
	void theReadmeTableListsExactlyTheKeysTheServiceBinds() {
		List<DocsText.Mention> table = DocsText.tableKeys("README.md", DocsText.lines(ROOT.resolve("README.md")));
		List<String> problems = new ArrayList<>(DocsText.unknown(table, this.metadata.properties()::contains,
				"is in the configuration table but not in " + ConfigurationMetadata.FILE));
		Set<String> documented = table.stream().map(DocsText.Mention::name).collect(Collectors.toSet());
		this.metadata.properties()
			.stream()
			.filter(key -> !documented.contains(key))
			.forEach(key -> problems.add("`" + key + "` is bound (" + ConfigurationMetadata.FILE
					+ ") but missing from README.md's configuration table"));
		assertThat(table).hasSizeGreaterThan(50);
		assertThat(problems).withFailMessage("README.md's configuration table and the service's keys differ:%n%s",
				String.join("\n", problems)).isEmpty();
	}

	@Test
	void everyKeyTheDocsNameIsOneTheServiceBinds() {
		List<String> problems = new ArrayList<>();
		for (Path document : DocsText.documents(ROOT)) {
			List<DocsText.Mention> keys = DocsText.keys(name(document), DocsText.lines(document))
				.stream()
				.filter(key -> this.metadata.isUnder(key.name()))
				.toList();
			problems.addAll(DocsText.unknown(keys, this.metadata::knows,
					"is no key or group in " + ConfigurationMetadata.FILE));
		}
		assertThat(problems).withFailMessage("keys in the docs the service does not bind:%n%s",
				String.join("\n", problems)).isEmpty();
	}

	@Test
	void theChineseReadmeGivesTheSameCommandsPortsAndKeys() {
		List<String> english = DocsText.lines(ROOT.resolve("README.md"));
		List<String> chinese = DocsText.lines(ROOT.resolve("README.zh-CN.md"));
		List<String> problems = new ArrayList<>();

		List<String> englishCommands = DocsText.commands(english, Integer.MAX_VALUE);
		List<String> chineseCommands = DocsText.commands(chinese, Integer.MAX_VALUE);
		// The two commands and the try-it lines: README.md's first two sh blocks.
		DocsText.commands(english, 2)
			.stream()
			.filter(command -> !chineseCommands.contains(command))
			.forEach(command -> problems.add("README.zh-CN.md lacks README.md's command: " + command));
		chineseCommands.stream()
			.filter(command -> !englishCommands.contains(command))
			.forEach(command -> problems.add("README.zh-CN.md has a command README.md does not: " + command));

		Set<Integer> englishPorts = DocsText.ports(english);
		Set<Integer> chinesePorts = DocsText.ports(chinese);
		if (!englishPorts.equals(chinesePorts)) {
			problems.add("ports differ: README.md " + englishPorts + ", README.zh-CN.md " + chinesePorts);
		}

		Set<String> englishKeys = names(DocsText.keys("README.md", english));
		Set<String> chineseKeys = names(DocsText.keys("README.zh-CN.md", chinese));
		chineseKeys.stream()
			.filter(key -> !englishKeys.contains(key))
			.forEach(key -> problems.add("README.zh-CN.md names `" + key + "`, README.md does not"));

		assertThat(englishCommands).isNotEmpty();
		assertThat(englishPorts).contains(8080, 7373, 8330, 8123);
		assertThat(problems).withFailMessage("README.zh-CN.md and README.md differ:%n%s", String.join("\n", problems))
			.isEmpty();
	}

	/** The checks above can fail: a made-up page with a wrong key, a wrong bean and a changed command. */
	@Test
	void theChecksNameWhatDrifted() {
		List<String> page = List.of("Set `ackgate.line.prot` to listen elsewhere; `line.publish` hands off.", "",
				"```sh", "./mvnw spring-boot:run --debug   # run", "```", "", "```",
				"line.inbound → line.requests → line.accepted", "```");
		assertThat(DocsText.keys("page.md", page)).allMatch(key -> this.metadata.isUnder(key.name()));
		assertThat(DocsText.unknown(DocsText.keys("page.md", page), this.metadata::knows, "unbound"))
			.containsExactly("page.md:1 `ackgate.line.prot` unbound");
		Set<String> beans = Set.of("line.inbound", "line.requests", "line.responder");
		assertThat(DocsText.unknown(DocsText.beanNames("page.md", page), beans::contains, "missing"))
			.containsExactly("page.md:1 `line.publish` missing", "page.md:8 `line.accepted` missing");
		assertThat(DocsText.commands(page, 1)).containsExactly("./mvnw spring-boot:run --debug")
			.doesNotContain("./mvnw spring-boot:run");
		assertThat(DocsText.tableKeys("t.md", List.of("| `ackgate.udp.ntp.root-delay`, `root-dispersion` | x |")))
			.extracting(DocsText.Mention::name)
			.containsExactly("ackgate.udp.ntp.root-delay", "ackgate.udp.ntp.root-dispersion");
	}

	private static Set<String> names(List<DocsText.Mention> mentions) {
		return mentions.stream().map(DocsText.Mention::name).collect(Collectors.toCollection(TreeSet::new));
	}

	private static String name(Path document) {
		return ROOT.relativize(document).toString();
	}

}
