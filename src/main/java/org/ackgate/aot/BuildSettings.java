package org.ackgate.aot;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The settings a build's bean graph was decided with: the value of each one that was set, the names
 * of those that were not, and the Java version, which decides conditions of its own (virtual
 * threads from 21).
 *
 * <p>Written by the build as a properties file, read by every start that is asked to use the
 * graph; {@link #differenceFrom} says whether this start's settings would have decided the same.
 *
 * @param set each setting that had a value, with it
 * @param unset each setting that had none
 * @param javaFeature the Java feature release, 25 for Java 25
 */
record BuildSettings(Map<String, String> set, Set<String> unset, int javaFeature) {

	/** Where the build puts them, on the class path. */
	static final String RESOURCE = "META-INF/ackgate/spring-aot-settings.properties";

	private static final String SET = "set.";

	private static final String UNSET = "unset.";

	private static final String JAVA = "java";

	BuildSettings {
		set = Map.copyOf(set);
		unset = Set.copyOf(unset);
	}

	/** The settings named, each as {@code lookup} resolves it ({@code null}: unset). */
	static BuildSettings of(Collection<String> names, Function<String, String> lookup, int javaFeature) {
		Map<String, String> set = new HashMap<>();
		Set<String> unset = new HashSet<>();
		for (String name : names) {
			String value = lookup.apply(name);
			if (value == null) {
				unset.add(name);
			}
			else {
				set.put(name, value);
			}
		}
		return new BuildSettings(set, unset, javaFeature);
	}

	/**
	 * The first setting that differs here from the build, said as an operator reads it; empty when
	 * every one is the same, so the bean graph the build fixed is this start's.
	 */
	Optional<String> differenceFrom(Function<String, String> lookup, int javaFeatureHere) {
		if (javaFeatureHere != this.javaFeature) {
			return Optional.of("it runs on Java " + javaFeatureHere + ", the build ran on Java " + this.javaFeature);
		}
		Set<String> names = new TreeSet<>(this.set.keySet());
		names.addAll(this.unset);
		for (String name : names) {
			String built = this.set.get(name);
			String here = lookup.apply(name);
			if (built == null ? here != null : !built.equals(here)) {
				return Optional.of(name + " is " + describe(here) + " here and was " + describe(built) + " at build time");
			}
		}
		return Optional.empty();
	}

	private static String describe(String value) {
		return (value == null) ? "unset" : "'" + value + "'";
	}

	/** As a properties file, one line per setting in name order, without the date {@link Properties} adds. */
	String toText() {
		Properties properties = new Properties();
		this.set.forEach((name, value) -> properties.setProperty(SET + name, value));
		this.unset.forEach(name -> properties.setProperty(UNSET + name, ""));
		properties.setProperty(JAVA, Integer.toString(this.javaFeature));
		StringWriter out = new StringWriter();
		try {
			properties.store(out, null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString()
			.lines()
			.filter(line -> !line.startsWith("#"))
			.sorted()
			.collect(Collectors.joining("\n", "", "\n"));
	}

	/** Reads what {@link #toText()} wrote. */
	static BuildSettings parse(String text) {
		Properties properties = new Properties();
		try {
			properties.load(new StringReader(text));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String java = properties.getProperty(JAVA);
		if (java == null) {
			throw new IllegalArgumentException("no '" + JAVA + "' line");
		}
		Map<String, String> set = new HashMap<>();
		Set<String> unset = new HashSet<>();
		for (String key : properties.stringPropertyNames()) {
			if (key.startsWith(SET)) {
				set.put(key.substring(SET.length()), properties.getProperty(key));
			}
			else if (key.startsWith(UNSET)) {
				unset.add(key.substring(UNSET.length()));
			}
			else if (!key.equals(JAVA)) {
				throw new IllegalArgumentException("unknown line '" + key + "'");
			}
		}
		return new BuildSettings(set, unset, Integer.parseInt(java));
	}

}
