package org.ackgate.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What README.md and docs/*.md say about names, read by the conventions the drift tests hold them
 * to (written down in docs/testing.md, "Docs that cannot drift"):
 * <ul>
 * <li>a bean id or channel name is written backticked and dotted, its first part the feature that
 * owns it: {@code `line.responder`}, {@code `relay.gateway`}, {@code `ackgate.messages`}; in a
 * flow diagram (a fenced block whose line has an arrow, {@code →}) the same names are written
 * bare;</li>
 * <li>a configuration key is written whole, {@code ackgate.} and all: {@code `ackgate.line.port`};
 * in the README's configuration table a row's first cell names one key whole and may add keys
 * relative to that key's parent ({@code `ackgate.udp.ntp.root-delay`, `root-dispersion`}).</li>
 * </ul>
 * Pure text work, no Spring, so that the checks' own failure can be shown on a made-up document.
 */
final class DocsText {

	/** The features whose beans and channels the docs name. {@code client.*} is not one: the CLI has no context. */
	static final Pattern BEAN_NAME = Pattern
		.compile("(?:line|framed|time|udp|rfc868|messages|journal|relay|kafka)(?:\\.[a-z][A-Za-z0-9]*)+");

	/** The one bean outside a feature's prefix: the channel every accepted message is published on. */
	static final String MESSAGES_CHANNEL = "ackgate.messages";

	private static final Pattern BARE_BEAN_NAME = Pattern
		.compile("(?<![\\w./-])(?:" + BEAN_NAME.pattern() + "|ackgate\\.messages)(?![\\w-])");

	private static final Pattern BACKTICKED = Pattern.compile("`([^`\\n]+)`");

	/** A key anywhere: not part of a package name (org.ackgate.messages), a path or a file name. */
	private static final Pattern KEY = Pattern.compile("(?<![\\w./$<-])ackgate(?:\\.[a-z0-9][a-z0-9-]*)+");

	private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)");

	private DocsText() {
	}

	/** A name as written: where, so that a failure says which line to fix. */
	record Mention(String name, String file, int line) {

		@Override
		public String toString() {
			return this.file + ":" + this.line + " `" + this.name + "`";
		}

	}

	/** README.md, README.zh-CN.md, SECURITY.md and docs/*.md, under the project directory. */
	static List<Path> documents(Path root) {
		List<Path> documents = new ArrayList<>();
		for (String top : List.of("README.md", "README.zh-CN.md", "SECURITY.md")) {
			if (Files.exists(root.resolve(top))) {
				documents.add(root.resolve(top));
			}
		}
		try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
			docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return documents;
	}

	static List<String> lines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Bean ids and channel names: backticked anywhere, or bare on a diagram line of a fenced block. */
	static List<Mention> beanNames(String file, List<String> lines) {
		List<Mention> names = new ArrayList<>();
		boolean fenced = false;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.strip().startsWith("```")) {
				fenced = !fenced;
				continue;
			}
			if (fenced) {
				if (line.contains("→")) {
					Matcher bare = BARE_BEAN_NAME.matcher(line);
					while (bare.find()) {
						names.add(new Mention(bare.group(), file, i + 1));
					}
				}
				continue;
			}
			Matcher span = BACKTICKED.matcher(line);
			while (span.find()) {
				String text = span.group(1);
				if (BEAN_NAME.matcher(text).matches() || text.equals(MESSAGES_CHANNEL)) {
					names.add(new Mention(text, file, i + 1));
				}
			}
		}
		return names;
	}

	/** Every {@code ackgate.*} key written anywhere, the messages channel aside. */
	static List<Mention> keys(String file, List<String> lines) {
		List<Mention> keys = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			Matcher key = KEY.matcher(lines.get(i));
			while (key.find()) {
				if (!key.group().equals(MESSAGES_CHANNEL)) {
					keys.add(new Mention(key.group(), file, i + 1));
				}
			}
		}
		return keys;
	}

	/**
	 * The keys of the configuration table: rows whose first cell starts with a backticked
	 * {@code ackgate.} key; further keys in that cell are relative to the first key's parent.
	 */
	static List<Mention> tableKeys(String file, List<String> lines) {
		List<Mention> keys = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (!line.startsWith("| `ackgate.")) {
				continue;
			}
			String cell = line.substring(1, line.indexOf('|', 1));
			Matcher span = BACKTICKED.matcher(cell);
			String parent = null;
			while (span.find()) {
				String key = span.group(1);
				if (parent == null) {
					parent = key.substring(0, key.lastIndexOf('.'));
					keys.add(new Mention(key, file, i + 1));
				}
				else {
					keys.add(new Mention(parent + "." + key, file, i + 1));
				}
			}
		}
		return keys;
	}

	/**
	 * The commands of the {@code sh} blocks, in order: continuation lines joined, comments and
	 * alignment dropped. {@code blocks} limits how many blocks are read (the first ones).
	 */
	static List<String> commands(List<String> lines, int blocks) {
		List<String> commands = new ArrayList<>();
		int seen = 0;
		boolean inside = false;
		StringBuilder pending = new StringBuilder();
		for (String line : lines) {
			if (!inside && line.strip().equals("```sh")) {
				if (seen == blocks) {
					break;
				}
				inside = true;
				seen++;
				continue;
			}
			if (inside && line.strip().equals("```")) {
				inside = false;
				continue;
			}
			if (!inside) {
				continue;
			}
			String code = stripComment(line).strip();
			if (code.endsWith("\\")) {
				pending.append(code, 0, code.length() - 1).append(' ');
				continue;
			}
			pending.append(code);
			String command = pending.toString().replaceAll("\\s+", " ").strip();
			pending.setLength(0);
			if (!command.isEmpty()) {
				commands.add(command);
			}
		}
		return commands;
	}

	/** The port column of the endpoints table: the first table whose rows start with a number. */
	static Set<Integer> ports(List<String> lines) {
		Set<Integer> ports = new LinkedHashSet<>();
		for (String line : lines) {
			if (!line.startsWith("| ")) {
				if (!ports.isEmpty()) {
					break;
				}
				continue;
			}
			Matcher number = LEADING_NUMBER.matcher(line.substring(2));
			if (number.find()) {
				ports.add(Integer.parseInt(number.group(1)));
			}
		}
		return ports;
	}

	/** The mentions whose name {@code known} rejects, one line each: file, line, name, and {@code why}. */
	static List<String> unknown(List<Mention> mentions, java.util.function.Predicate<String> known, String why) {
		return mentions.stream().filter(mention -> !known.test(mention.name())).map(mention -> mention + " " + why).toList();
	}

	/** A {@code #} after whitespace outside quotes starts a comment. */
	private static String stripComment(String line) {
		boolean single = false;
		boolean dbl = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '\'' && !dbl) {
				single = !single;
			}
			else if (c == '"' && !single) {
				dbl = !dbl;
			}
			else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
				return line.substring(0, i);
			}
		}
		return line;
	}

}
