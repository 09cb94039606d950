package org.ackgate.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.Yaml;

import org.springframework.util.FileSystemUtils;

/**
 * The chart in {@code helm/ackgate}, linted and rendered by the real Helm library (helm-java), the
 * same Go code the {@code helm} binary runs.
 */
final class HelmChart {

	static final Path DIRECTORY = Path.of("helm", "ackgate");

	static final String RELEASE = "ackgate";

	static final String NAMESPACE = "edge";

	/** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion); Helm's offline default is 1.20. */
	static final String KUBE_VERSION = "1.26.0";

	private HelmChart() {
	}

	/** The {@code ci/*-values.yaml} scenarios, by file name. */
	static List<String> scenarios() {
		try (Stream<Path> files = Files.list(DIRECTORY.resolve("ci"))) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith("-values.yaml"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Path scenario(String name) {
		return DIRECTORY.resolve("ci").resolve(name);
	}

	/**
	 * {@code helm lint --strict -f ci/<scenario>}: helm-java's lint takes no values file, so the
	 * chart is copied with the scenario merged into its values.yaml the way Helm merges them.
	 */
	static LintResult lintStrict(String scenario, Path workDirectory) {
		return lintStrict(Values.load(scenario(scenario)), workDirectory);
	}

	/** {@code helm lint --strict} with these values over the chart's defaults. */
	static LintResult lintStrict(Map<String, Object> overrides, Path workDirectory) {
		Path copy = workDirectory.resolve("ackgate");
		try {
			FileSystemUtils.copyRecursively(DIRECTORY, copy);
			Map<String, Object> values = Values.merge(defaultValues(), overrides);
			Files.writeString(copy.resolve("values.yaml"), new Yaml().dump(values));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Helm(copy).lint().strict().call();
	}

	/**
	 * {@code helm template} with a scenario's values and extra {@code --set} pairs, hooks included.
	 * helm-java's template prints the release manifest only, without the hooks the {@code helm}
	 * binary appends; so the hooks are rendered from a copy of the chart whose hook annotations are
	 * renamed (Helm then treats them as plain manifests) and are renamed back once parsed.
	 */
	@SuppressWarnings("unchecked")
	static Rendered render(String scenario, Object... setPairs) {
		List<Map<String, Object>> objects = new ArrayList<>(template(DIRECTORY, scenario, setPairs));
		for (Map<String, Object> object : template(chartWithHooksAsManifests(), scenario, setPairs)) {
			Map<String, Object> annotations = Values.map(object, "metadata", "annotations");
			if (annotations.containsKey(HOOK_RENAMED)) {
				Map<String, Object> restored = new LinkedHashMap<>();
				annotations.forEach((key, value) -> restored.put(key.replace(HOOK_RENAMED, "helm.sh/hook"), value));
				((Map<String, Object>) object.get("metadata")).put("annotations", restored);
				objects.add(object);
			}
		}
		return new Rendered(objects);
	}

	private static final String HOOK_RENAMED = "rendered-as-manifest.ackgate.test/hook";

	private static Path hooksAsManifests;

	private static synchronized Path chartWithHooksAsManifests() {
		if (hooksAsManifests == null) {
			try {
				Path temporary = Files.createTempDirectory("ackgate-chart-");
				Runtime.getRuntime().addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(temporary.toFile())));
				Path copy = temporary.resolve("ackgate");
				FileSystemUtils.copyRecursively(DIRECTORY, copy);
				try (Stream<Path> files = Files.walk(copy.resolve("templates"))) {
					for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).toList()) {
						Files.writeString(file, Files.readString(file).replace("\"helm.sh/hook", "\"" + HOOK_RENAMED));
					}
				}
				hooksAsManifests = copy;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return hooksAsManifests;
	}

	private static List<Map<String, Object>> template(Path chart, String scenario, Object... setPairs) {
		TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION);
		if (scenario != null) {
			template.withValuesFile(scenario(scenario).toAbsolutePath());
		}
		for (int i = 0; i < setPairs.length; i += 2) {
			template.set((String) setPairs[i], setPairs[i + 1]);
		}
		return parse(template.call());
	}

	/**
	 * What {@code helm install} prints, NOTES.txt included ({@code helm template} leaves it out): a
	 * client-only dry run, which needs no cluster.
	 */
	static String installOutput(Object... setPairs) {
		InstallCommand install = new Helm(DIRECTORY).install().withName(RELEASE).withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION).clientOnly().dryRun();
		for (int i = 0; i < setPairs.length; i += 2) {
			install.set((String) setPairs[i], setPairs[i + 1]);
		}
		return install.call().getOutput();
	}

	/** {@code helm template} with extra {@code --set} pairs on the defaults. */
	static Rendered renderDefaults(Object... setPairs) {
		return render(null, setPairs);
	}

	static Map<String, Object> defaultValues() {
		return Values.load(DIRECTORY.resolve("values.yaml"));
	}

	/** The values a scenario renders with: the chart's defaults with the scenario merged on top. */
	static Map<String, Object> values(String scenario) {
		return (scenario != null) ? Values.merge(defaultValues(), Values.load(scenario(scenario))) : defaultValues();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> parse(String yaml) {
		List<Map<String, Object>> objects = new ArrayList<>();
		for (Object document : new Yaml().loadAll(yaml)) {
			if (document != null) {
				objects.add((Map<String, Object>) document);
			}
		}
		return objects;
	}

	/** The objects of one rendering, manifests then hooks, each as the map its YAML document parses to. */
	record Rendered(List<Map<String, Object>> objects) {

		List<Map<String, Object>> ofKind(String kind) {
			return this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
		}

		Map<String, Object> one(String kind, String name) {
			List<Map<String, Object>> matching = ofKind(kind).stream()
				.filter((object) -> name.equals(Values.at(object, "metadata", "name")))
				.toList();
			if (matching.size() != 1) {
				throw new AssertionError("expected one " + kind + " named " + name + " but found " + matching.size());
			}
			return matching.get(0);
		}

		Map<String, Object> byKindAndName() {
			Map<String, Object> index = new LinkedHashMap<>();
			this.objects.forEach((object) -> index.put(object.get("kind") + "/" + Values.at(object, "metadata", "name"), object));
			return index;
		}

	}

}
