package org.ackgate.journal.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import org.ackgate.journal.JournalReader;
import org.ackgate.journal.JournalRecord;
import org.ackgate.journal.JournalStorage;
import org.ackgate.journal.Segments;

/** {@code journal stats}: segments, records, bytes and time range, one {@code key: value} a line. */
@Command(name = "stats", mixinStandardHelpOptions = true,
		description = { "Print the journal's segments, records per endpoint, bytes and the range of receive times, "
				+ "checking every record on the way (exit 1 at a corrupt one)." })
final class StatsCommand implements Callable<Integer> {

	private final PrintStream out;

	@Mixin
	DirectoryOption directory;

	StatsCommand(PrintStream out) {
		this.out = out;
	}

	@Override
	public Integer call() throws IOException {
		Path dir = this.directory.existing();
		List<Path> segments = Segments.list(dir);
		long fileBytes = 0;
		for (Path segment : segments) {
			fileBytes += Files.size(segment);
		}
		long records = 0;
		long payloadBytes = 0;
		Instant first = null;
		Instant last = null;
		long firstOffset = -1;
		long endOffset = segments.isEmpty() ? 0 : Segments.baseOffset(segments.get(0));
		Map<String, Long> byEndpoint = new TreeMap<>();
		try (JournalReader reader = new JournalReader(dir, JournalStorage.FILES, 0)) {
			JournalRecord record;
			while ((record = reader.next(Long.MAX_VALUE)) != null) {
				records++;
				payloadBytes += record.payload().length;
				first = (first == null || record.receivedAt().isBefore(first)) ? record.receivedAt() : first;
				last = (last == null || record.receivedAt().isAfter(last)) ? record.receivedAt() : last;
				firstOffset = (firstOffset < 0) ? record.offset() : firstOffset;
				endOffset = record.nextOffset();
				byEndpoint.merge(record.endpoint(), 1L, Long::sum);
			}
		}
		this.out.println("directory: " + dir);
		this.out.println("segments: " + segments.size());
		this.out.println("segment-bytes: " + fileBytes);
		this.out.println("records: " + records);
		this.out.println("payload-bytes: " + payloadBytes);
		byEndpoint.forEach((endpoint, count) -> this.out.println("records." + endpoint + ": " + count));
		this.out.println("first-offset: " + ((firstOffset < 0) ? "-" : firstOffset));
		this.out.println("end-offset: " + endOffset);
		this.out.println("first-received: " + ((first != null) ? first : "-"));
		this.out.println("last-received: " + ((last != null) ? last : "-"));
		return 0;
	}

}
