package org.ackgate.journal.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.ackgate.journal.FsyncPolicy;
import org.ackgate.journal.Journal;
import org.ackgate.journal.JournalEvents;
import org.ackgate.journal.JournalSettings;
import org.ackgate.journal.JournalStorage;
import org.ackgate.journal.Segments;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code journal dump|tail|stats} on journals written by the journal itself, and on damaged ones. */
class JournalCliTests {

	private static final Instant NOW = Instant.parse("2026-11-22T05:47:30.5Z");

	@TempDir
	Path directory;

	private void write(int count, long segmentSize) throws IOException {
		JournalSettings settings = new JournalSettings(this.directory, FsyncPolicy.NONE, Duration.ofSeconds(1),
				segmentSize, 1L << 30, Duration.ofDays(7));
		try (Journal journal = Journal.open(settings, Clock.fixed(NOW, ZoneOffset.UTC), JournalStorage.FILES,
				JournalEvents.NONE)) {
			for (int i = 0; i < count; i++) {
				journal.append((i % 2 == 0) ? "line" : "framed", "127.0.0.1:" + (5000 + i), NOW.plusSeconds(i),
						("m" + i).getBytes(StandardCharsets.UTF_8));
			}
		}
	}

	private Run run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = JournalCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8), args);
		return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void dumpPrintsOneRecordPerLineInOrder() throws IOException {
		write(3, 1 << 20);
		Run run = run("dump", "--directory", this.directory.toString());
		assertThat(run.status).isZero();
		assertThat(run.err).isEmpty();
		List<String> lines = run.out.lines().toList();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).isEqualTo("24 2026-11-22T05:47:30.500Z line 127.0.0.1:5000 \"m0\"");
		assertThat(lines.get(2)).endsWith(" 2026-11-22T05:47:32.500Z line 127.0.0.1:5002 \"m2\"");
	}

	@Test
	void dumpAcrossSegmentsThenNamesTheFirstCorruptRecordAndExits1() throws IOException {
		write(300, 4096);
		List<Path> segments = Segments.list(this.directory);
		assertThat(segments).hasSizeGreaterThan(2);
		assertThat(run("dump", "-d", this.directory.toString()).out.lines()).hasSize(300);
		Path second = segments.get(1);
		byte[] bytes = Files.readAllBytes(second);
		bytes[24 + 12] ^= 0x01;
		Files.write(second, bytes, StandardOpenOption.TRUNCATE_EXISTING);
		Run run = run("dump", "-d", this.directory.toString());
		assertThat(run.status).isEqualTo(1);
		assertThat(run.err.lines()).singleElement().asString()
			.startsWith("ackgate: corrupt record in " + second + " at byte 24 (journal offset "
					+ (Segments.baseOffset(second) + 24) + "): CRC32C mismatch");
		assertThat(run.out.lines().toList()).as("the records before it").isNotEmpty().last().asString().contains("\"m");
	}

	@Test
	void aCutOffLastRecordIsReported() throws IOException {
		write(2, 1 << 20);
		Path segment = Segments.list(this.directory).get(0);
		Files.write(segment, new byte[] { 0, 0, 0, 40, 1 }, StandardOpenOption.APPEND);
		Run run = run("dump", "-d", this.directory.toString());
		assertThat(run.status).isEqualTo(1);
		assertThat(run.err).contains("record header cut short");
	}

	@Test
	void tailPrintsTheLastRecords() throws IOException {
		write(300, 4096);
		Run run = run("tail", "-n", "3", "-d", this.directory.toString());
		assertThat(run.status).isZero();
		assertThat(run.out.lines().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList())
			.containsExactly("\"m297\"", "\"m298\"", "\"m299\"");
	}

	@Test
	void statsCountsRecordsBytesSegmentsAndTimes() throws IOException {
		write(5, 1 << 20);
		Run run = run("stats", "-d", this.directory.toString());
		assertThat(run.status).isZero();
		assertThat(run.out.lines()).contains("segments: 1", "records: 5", "payload-bytes: 10", "records.framed: 2",
				"records.line: 3", "first-offset: 24", "first-received: 2026-11-22T05:47:30.500Z",
				"last-received: 2026-11-22T05:47:34.500Z");
	}

	@Test
	void errorsAreOneLineWithAStatus() {
		Run missing = run("dump", "-d", this.directory.resolve("nope").toString());
		assertThat(missing.status).isEqualTo(1);
		assertThat(missing.err.lines()).singleElement().asString().startsWith("ackgate: no journal directory ");
		Run usage = run("dump");
		assertThat(usage.status).isEqualTo(2);
		assertThat(usage.err).startsWith("ackgate: Missing required option");
		assertThat(run().status).isEqualTo(2);
	}

	@Test
	void payloadsAreEscapedUtf8() {
		assertThat(RecordLine.escape("你好 \"x\"\\\n\r\t".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("你好 \\\"x\\\"\\\\\\n\\r\\t");
		assertThat(RecordLine.escape(new byte[] { 0, (byte) 0xFF, 'a', (byte) 0xE4, (byte) 0xBD, 0x7F }))
			.isEqualTo("\\x00\\xFFa\\xE4\\xBD\\x7F");
	}

	private record Run(int status, String out, String err) {
	}

}
