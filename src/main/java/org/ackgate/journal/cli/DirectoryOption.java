package org.ackgate.journal.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** {@code --directory DIR}, shared by every command. */
final class DirectoryOption {

	@Option(names = { "-d", "--directory" }, required = true, paramLabel = "DIR",
			description = "The journal directory (ackgate.journal.directory).")
	Path directory;

	Path existing() {
		if (!Files.isDirectory(this.directory)) {
			throw new JournalFailure("no journal directory " + this.directory);
		}
		return this.directory;
	}

}
