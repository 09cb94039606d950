package org.ackgate.journal.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.ackgate.journal.JournalReader;
import org.ackgate.journal.JournalRecord;
import org.ackgate.journal.JournalStorage;

/** {@code journal dump}: every record, one per line, in journal order; stops at the first corrupt one. */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Print every record, one per line: offset, receive time, endpoint, peer and the payload "
				+ "as escaped UTF-8.",
				"Exit 0 when every record is valid; 1, naming the file and byte, at the first corrupt or cut-off record." })
final class DumpCommand implements Callable<Integer> {

	private final PrintStream out;

	@Mixin
	DirectoryOption directory;

	@Option(names = "--from", paramLabel = "OFFSET", defaultValue = "0",
			description = "Start at this journal offset (default: the oldest record).")
	long from;

	DumpCommand(PrintStream out) {
		this.out = out;
	}

	@Override
	public Integer call() throws IOException {
		try (JournalReader reader = new JournalReader(this.directory.existing(), JournalStorage.FILES, this.from)) {
			JournalRecord record;
			while ((record = reader.next(Long.MAX_VALUE)) != null) {
				this.out.println(RecordLine.format(record));
			}
		}
		return 0;
	}

}
