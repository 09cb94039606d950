package org.ackgate.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Segment file names: the base offset in 20 digits and {@code .journal}, so names sort in journal order. */
public final class Segments {

	static final String SUFFIX = ".journal";

	private static final Pattern NAME = Pattern.compile("\\d{20}\\.journal");

	private Segments() {
	}

	static Path path(Path directory, long baseOffset) {
		return directory.resolve(String.format("%020d%s", baseOffset, SUFFIX));
	}

	public static long baseOffset(Path segment) {
		String name = segment.getFileName().toString();
		return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
	}

	/** The directory's segment files in journal order; other files are left alone. */
	public static List<Path> list(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter(file -> NAME.matcher(file.getFileName().toString()).matches()).sorted().toList();
		}
	}

}
