package org.ackgate.journal.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.ackgate.journal.JournalReader;
import org.ackgate.journal.JournalRecord;
import org.ackgate.journal.JournalStorage;
import org.ackgate.journal.Segments;

/** {@code journal tail}: the last records, and with {@code -f} every record appended after them. */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Print the last records (as dump prints them); with -f, keep printing records as the "
				+ "service appends them, until interrupted." })
final class TailCommand implements Callable<Integer> {

	private final PrintStream out;

	@Mixin
	DirectoryOption directory;

	@Option(names = { "-n", "--lines" }, paramLabel = "N", defaultValue = "10",
			description = "How many of the last records to print first (default: ${DEFAULT-VALUE}).")
	int lines;

	@Option(names = { "-f", "--follow" }, description = "Keep printing records as they are appended.")
	boolean follow;

	@Option(names = "--poll", paramLabel = "MILLIS", defaultValue = "200",
			description = "With -f, how often to look for new records, in milliseconds (default: ${DEFAULT-VALUE}).")
	long pollMillis;

	TailCommand(PrintStream out) {
		this.out = out;
	}

	@Override
	public Integer call() throws IOException, InterruptedException {
		Path dir = this.directory.existing();
		long start = startOfLast(dir);
		try (JournalReader reader = new JournalReader(dir, JournalStorage.FILES, start)) {
			if (this.follow) {
				reader.followingWriter();
			}
			Deque<JournalRecord> last = new ArrayDeque<>();
			JournalRecord record;
			while ((record = reader.next(Long.MAX_VALUE)) != null) {
				last.addLast(record);
				if (last.size() > this.lines) {
					last.removeFirst();
				}
			}
			last.forEach(r -> this.out.println(RecordLine.format(r)));
			this.out.flush();
			while (this.follow && !Thread.currentThread().isInterrupted()) {
				boolean any = false;
				while ((record = reader.next(Long.MAX_VALUE)) != null) {
					this.out.println(RecordLine.format(record));
					any = true;
				}
				if (any) {
					this.out.flush();
				}
				TimeUnit.MILLISECONDS.sleep(this.pollMillis);
			}
		}
		return 0;
	}

	/**
	 * Where to start reading so that the last {@code lines} records are seen: the newest segments
	 * that hold that many records, not the whole journal.
	 */
	private long startOfLast(Path dir) throws IOException {
		List<Path> segments = Segments.list(dir);
		for (int i = segments.size() - 1; i >= 0; i--) {
			long base = Segments.baseOffset(segments.get(i));
			if (i == 0 || count(dir, base) >= this.lines) {
				return base;
			}
		}
		return 0;
	}

	private long count(Path dir, long from) throws IOException {
		long records = 0;
		try (JournalReader reader = new JournalReader(dir, JournalStorage.FILES, from)) {
			reader.followingWriter();
			while (records < this.lines && reader.next(Long.MAX_VALUE) != null) {
				records++;
			}
		}
		return records;
	}

}
