package org.ackgate.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds a JDK 25 for tests that also run the jar on it, the way a build would be told where one is:
 * <ol>
 * <li>the {@code JAVA25_HOME} environment variable (or {@code JAVA_HOME_25_X64}, as CI's
 * setup-java sets it);</li>
 * <li>a {@code jdk} toolchain of version 25 in {@code ~/.m2/toolchains.xml}, as Maven toolchains
 * declare it;</li>
 * <li>only as a fallback, a JDK 25 installed beside the running one (a sibling directory of
 * {@code java.home} whose {@code release} file says version 25), which finds the usual
 * {@code /usr/lib/jvm} layout without configuration.</li>
 * </ol>
 */
public final class Jdk25 {

	private static final Pattern TOOLCHAIN = Pattern.compile("<toolchain>(.*?)</toolchain>", Pattern.DOTALL);

	private static final Pattern JDK_HOME = Pattern.compile("<jdkHome>\\s*(.*?)\\s*</jdkHome>", Pattern.DOTALL);

	private static final Pattern VERSION_25 = Pattern.compile("<version>\\s*\\[?25(\\.[^<]*)?\\s*</version>");

	private Jdk25() {
	}

	/** The {@code bin/java} of a JDK 25, or the test is skipped saying where none was found. */
	public static Path javaOrSkip() {
		List<String> looked = new ArrayList<>();
		Optional<Path> home = find(looked);
		Assumptions.assumeTrue(home.isPresent(), () -> "no JDK 25 found: " + String.join("; ", looked));
		return home.get().resolve("bin").resolve("java");
	}

	static Optional<Path> find(List<String> looked) {
		for (String variable : List.of("JAVA25_HOME", "JAVA_HOME_25_X64")) {
			String value = System.getenv(variable);
			if (value != null && !value.isBlank()) {
				Path home = Path.of(value);
				if (isJdk25(home)) {
					return Optional.of(home);
				}
				looked.add(variable + "=" + value + " is not a JDK 25");
			}
			else {
				looked.add(variable + " is not set");
			}
		}
		Path toolchains = Path.of(System.getProperty("user.home"), ".m2", "toolchains.xml");
		Optional<Path> declared = fromToolchains(toolchains);
		if (declared.isPresent()) {
			return declared;
		}
		looked.add("no jdk toolchain of version 25 in " + toolchains);
		Path jvms = Path.of(System.getProperty("java.home")).toAbsolutePath().getParent();
		Optional<Path> sibling = besideRunningJdk(jvms);
		if (sibling.isEmpty()) {
			looked.add("none installed beside the running JDK in " + jvms);
		}
		return sibling;
	}

	static Optional<Path> fromToolchains(Path toolchains) {
		if (!Files.isReadable(toolchains)) {
			return Optional.empty();
		}
		String xml;
		try {
			xml = Files.readString(toolchains);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		Matcher toolchain = TOOLCHAIN.matcher(xml);
		while (toolchain.find()) {
			String body = toolchain.group(1);
			Matcher home = JDK_HOME.matcher(body);
			if (body.contains("<type>jdk</type>") && VERSION_25.matcher(body).find() && home.find()
					&& isJdk25(Path.of(home.group(1)))) {
				return Optional.of(Path.of(home.group(1)));
			}
		}
		return Optional.empty();
	}

	static Optional<Path> besideRunningJdk(Path directory) {
		if (directory == null || !Files.isDirectory(directory)) {
			return Optional.empty();
		}
		try (Stream<Path> homes = Files.list(directory)) {
			return homes.filter(Jdk25::isJdk25).sorted().findFirst();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/** A JDK home whose {@code release} file says {@code JAVA_VERSION="25…"} and that has {@code bin/java}. */
	static boolean isJdk25(Path home) {
		Path release = home.resolve("release");
		if (!Files.isReadable(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
			return false;
		}
		Properties properties = new Properties();
		try (var in = Files.newInputStream(release)) {
			properties.load(in);
		}
		catch (IOException ex) {
			return false;
		}
		String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
		return version.equals("25") || version.startsWith("25.");
	}

}
