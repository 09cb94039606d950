package org.ackgate.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text exposition: every sample with its labels. */
record Scrape(String text, List<Sample> samples) {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+).*$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	/** One sample line. */
	record Sample(String name, Map<String, String> labels, double value) {
	}

	static Scrape parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher matcher = SAMPLE.matcher(line);
			if (!matcher.matches()) {
				throw new IllegalArgumentException("Not a sample line: " + line);
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (matcher.group(2) != null) {
				Matcher label = LABEL.matcher(matcher.group(2));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(3))));
		}
		return new Scrape(text, samples);
	}

	/**
	 * The value of the one sample with this name whose labels include the given pairs.
	 * @return the value, or {@code NaN} when no sample matches
	 */
	double value(String name, String... labelPairs) {
		List<Sample> matching = this.samples.stream()
			.filter(sample -> sample.name().equals(name) && hasLabels(sample, labelPairs))
			.toList();
		if (matching.size() > 1) {
			throw new IllegalArgumentException(matching.size() + " samples match " + name + " " + List.of(labelPairs));
		}
		return matching.isEmpty() ? Double.NaN : matching.get(0).value();
	}

	boolean has(String name, String... labelPairs) {
		return this.samples.stream().anyMatch(sample -> sample.name().equals(name) && hasLabels(sample, labelPairs));
	}

	private static boolean hasLabels(Sample sample, String... labelPairs) {
		for (int i = 0; i < labelPairs.length; i += 2) {
			if (!labelPairs[i + 1].equals(sample.labels().get(labelPairs[i]))) {
				return false;
			}
		}
		return true;
	}

}
