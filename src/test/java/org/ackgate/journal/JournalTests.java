package org.ackgate.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The journal on real files: appends, group commit, segments, recovery, retention and a failing disk. */
class JournalTests {

	private static final Instant NOW = Instant.parse("2026-11-22T05:47:30.123456789Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	@TempDir
	Path directory;

	private JournalSettings settings(FsyncPolicy fsync, long segmentSize) {
		return new JournalSettings(this.directory, fsync, Duration.ofSeconds(1), segmentSize, 64L * 1024 * 1024,
				Duration.ofDays(7));
	}

	private Journal open(FsyncPolicy fsync, long segmentSize) throws IOException {
		return Journal.open(settings(fsync, segmentSize), CLOCK, JournalStorage.FILES, JournalEvents.NONE);
	}

	private static void append(Journal journal, String text) {
		journal.append("line", "127.0.0.1:5000", NOW, text.getBytes(StandardCharsets.UTF_8));
	}

	/** Each torn tail cut at recovery, as "file@position-bytes: problem". */
	private static JournalEvents truncationsInto(List<String> truncations) {
		return new JournalEvents() {
			@Override
			public void tailTruncated(Path file, long position, long bytesRemoved, String problem) {
				truncations.add(file.getFileName() + "@" + position + "-" + bytesRemoved + ": " + problem);
			}
		};
	}

	static List<String> payloads(Path directory) throws IOException {
		List<String> payloads = new ArrayList<>();
		try (JournalReader reader = new JournalReader(directory, JournalStorage.FILES, 0)) {
			JournalRecord record;
			while ((record = reader.next(Long.MAX_VALUE)) != null) {
				payloads.add(new String(record.payload(), StandardCharsets.UTF_8));
			}
		}
		return payloads;
	}

	@Test
	void recordsReadBackExactlyWithEveryField() throws IOException {
		try (Journal journal = open(FsyncPolicy.ALWAYS, 1024 * 1024)) {
			journal.append("framed", "[::1]:40000", NOW, new byte[] { 0, (byte) 0xFF, '\n' });
			append(journal, "你好");
		}
		try (JournalReader reader = new JournalReader(this.directory, JournalStorage.FILES, 0)) {
			JournalRecord first = reader.next(Long.MAX_VALUE);
			assertThat(first.offset()).isEqualTo(SegmentHeader.SIZE);
			assertThat(first.endpoint()).isEqualTo("framed");
			assertThat(first.peer()).isEqualTo("[::1]:40000");
			assertThat(first.receivedAt()).isEqualTo(NOW);
			assertThat(first.payload()).containsExactly(0, 0xFF, '\n');
			JournalRecord second = reader.next(Long.MAX_VALUE);
			assertThat(second.offset()).isEqualTo(first.nextOffset());
			assertThat(new String(second.payload(), StandardCharsets.UTF_8)).isEqualTo("你好");
			assertThat(reader.next(Long.MAX_VALUE)).isNull();
		}
		assertThat(Segments.list(this.directory)).extracting(path -> path.getFileName().toString())
			.containsExactly("00000000000000000000.journal");
	}

	@Test
	void theLayoutIsTheDocumentedOne() {
		byte[] record = RecordFormat.encode("line", "p", Instant.ofEpochSecond(1, 2), new byte[] { 'x' });
		ByteBuffer b = ByteBuffer.wrap(record);
		assertThat(b.getInt()).isEqualTo(21 + 4 + 1 + 1).isEqualTo(record.length - 8);
		b.getInt();
		assertThat(b.get()).isEqualTo((byte) 1);
		assertThat(b.getLong()).isEqualTo(1);
		assertThat(b.getInt()).isEqualTo(2);
		assertThat(b.getShort()).isEqualTo((short) 4);
		b.position(b.position() + 4);
		assertThat(b.getShort()).isEqualTo((short) 1);
		b.get();
		assertThat(b.getInt()).isEqualTo(1);
		assertThat(b.get()).isEqualTo((byte) 'x');
		assertThat(SegmentHeader.encode(0).array()).startsWith("ACKGJRNL".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void segmentsRollAtTheSizeAndOffsetsContinueAcrossThem() throws IOException {
		try (Journal journal = open(FsyncPolicy.ALWAYS, 4096)) {
			for (int i = 0; i < 200; i++) {
				append(journal, "message " + i);
			}
			assertThat(journal.segments()).hasSizeGreaterThan(2);
			for (Path segment : journal.segments()) {
				assertThat(Files.size(segment)).isLessThanOrEqualTo(4096);
			}
		}
		assertThat(payloads(this.directory)).hasSize(200).startsWith("message 0").endsWith("message 199");
		try (Journal reopened = open(FsyncPolicy.ALWAYS, 4096)) {
			append(reopened, "after reopening");
		}
		assertThat(payloads(this.directory)).hasSize(201).endsWith("after reopening");
	}

	@Test
	void concurrentAppendsShareForcesAndAllArrive() throws Exception {
		AtomicLong forces = new AtomicLong();
		AtomicInteger largestGroup = new AtomicInteger();
		JournalEvents events = new JournalEvents() {
			@Override
			public void written(int records, long bytes, boolean forced) {
				forces.incrementAndGet();
				largestGroup.accumulateAndGet(records, Math::max);
			}
		};
		int threads = 32;
		int each = 100;
		try (Journal journal = Journal.open(settings(FsyncPolicy.ALWAYS, 64 * 1024), CLOCK, JournalStorage.FILES,
				events)) {
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				done.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < each; i++) {
						append(journal, thread + ":" + i);
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
			pool.shutdown();
		}
		List<String> payloads = payloads(this.directory);
		assertThat(payloads).hasSize(threads * each).doesNotHaveDuplicates();
		for (int t = 0; t < threads; t++) {
			String prefix = t + ":";
			assertThat(payloads.stream().filter(p -> p.startsWith(prefix)).toList())
				.as("each thread's records in its order")
				.isEqualTo(java.util.stream.IntStream.range(0, each).mapToObj(i -> prefix + i).toList());
		}
		assertThat(forces.get()).as("group commit: fewer forces than records").isLessThan(threads * each);
		assertThat(largestGroup.get()).isGreaterThan(1);
	}

	@Test
	void aTornTailIsCutOffAndReported() throws IOException {
		try (Journal journal = open(FsyncPolicy.ALWAYS, 1024 * 1024)) {
			append(journal, "one");
			append(journal, "two");
		}
		Path segment = Segments.list(this.directory).get(0);
		long good = Files.size(segment);
		byte[] third = RecordFormat.encode("line", "p", NOW, "three".getBytes(StandardCharsets.UTF_8));
		Files.write(segment, java.util.Arrays.copyOf(third, third.length - 3), StandardOpenOption.APPEND);
		List<String> truncations = new ArrayList<>();
		JournalEvents events = truncationsInto(truncations);
		try (Journal journal = Journal.open(settings(FsyncPolicy.ALWAYS, 1024 * 1024), CLOCK, JournalStorage.FILES,
				events)) {
			assertThat(Files.size(segment)).isEqualTo(good);
			append(journal, "four");
		}
		assertThat(truncations).singleElement().asString()
			.startsWith(segment.getFileName() + "@" + good + "-" + (third.length - 3))
			.contains("cut short");
		assertThat(payloads(this.directory)).containsExactly("one", "two", "four");
	}

	@Test
	void zerosAtTheTailAreATornTailToo() throws IOException {
		try (Journal journal = open(FsyncPolicy.ALWAYS, 1024 * 1024)) {
			append(journal, "one");
		}
		Path segment = Segments.list(this.directory).get(0);
		Files.write(segment, new byte[4096], StandardOpenOption.APPEND);
		try (Journal journal = open(FsyncPolicy.ALWAYS, 1024 * 1024)) {
			append(journal, "two");
		}
		assertThat(payloads(this.directory)).containsExactly("one", "two");
	}

	@Test
	void aCorruptRecordFollowedByGoodOnesStopsRecoveryNamingFileAndByte() throws IOException {
		try (Journal journal = open(FsyncPolicy.ALWAYS, 1024 * 1024)) {
			append(journal, "one");
			append(journal, "two");
			append(journal, "three");
		}
		Path segment = Segments.list(this.directory).get(0);
		long second = SegmentHeader.SIZE + RecordFormat.encode("line", "127.0.0.1:5000", NOW, "one".getBytes()).length;
		flipByte(segment, second + 20);
		long sizeBefore = Files.size(segment);
		assertThatExceptionOfType(JournalCorruptException.class).isThrownBy(() -> open(FsyncPolicy.ALWAYS, 1024 * 1024))
			.withMessageContaining(segment.toString())
			.withMessageContaining("corrupt record at byte " + second)
			.withMessageContaining("CRC32C mismatch")
			.withMessageContaining("followed by a valid record")
			.satisfies(ex -> assertThat(ex.position()).isEqualTo(second));
		assertThat(Files.size(segment)).as("nothing cut").isEqualTo(sizeBefore);
		assertThatExceptionOfType(JournalCorruptException.class).isThrownBy(() -> payloads(this.directory))
			.withMessageContaining("at byte " + second);
	}

	/*
	 * A machine that loses power while a batch waits for its force may keep some of the batch's
	 * pages and not others. Here the batch is "three" (its first record, so marked as written
	 * after a force) and "four"; the page with "three" was lost (zeros), the one with "four" kept.
	 */
	@Test
	void aBatchTornByAPowerLossIsCutThoughSomeOfItsRecordsSurvived() throws IOException {
		try (Journal journal = open(FsyncPolicy.ALWAYS, 1024 * 1024)) {
			append(journal, "one");
			append(journal, "two");
		}
		Path segment = Segments.list(this.directory).get(0);
		long good = Files.size(segment);
		byte[] three = RecordFormat.markedAfterForce(
				RecordFormat.encode("line", "127.0.0.1:5000", NOW, "three".getBytes(StandardCharsets.UTF_8)));
		byte[] four = RecordFormat.encode("line", "127.0.0.1:5000", NOW, "four".getBytes(StandardCharsets.UTF_8));
		Files.write(segment, new byte[three.length], StandardOpenOption.APPEND);
		Files.write(segment, four, StandardOpenOption.APPEND);
		List<String> truncations = new ArrayList<>();
		JournalEvents events = truncationsInto(truncations);
		try (Journal journal = Journal.open(settings(FsyncPolicy.ALWAYS, 1024 * 1024), CLOCK, JournalStorage.FILES,
				events)) {
			assertThat(Files.size(segment)).isEqualTo(good);
			append(journal, "five");
		}
		assertThat(truncations).singleElement().asString()
			.startsWith(segment.getFileName() + "@" + good + "-" + (three.length + four.length) + ": ")
			.endsWith(", never forced");
		assertThat(payloads(this.directory)).containsExactly("one", "two", "five");
	}

	/* Without forces there are no marks, and damage followed by a valid record proves nothing either way. */
	@Test
	void withFsyncNoneDamageFollowedByAValidRecordStillStopsRecovery() throws IOException {
		try (Journal journal = open(FsyncPolicy.NONE, 1024 * 1024)) {
			append(journal, "one");
		}
		Path segment = Segments.list(this.directory).get(0);
		byte[] two = RecordFormat.encode("line", "127.0.0.1:5000", NOW, "two".getBytes(StandardCharsets.UTF_8));
		Files.write(segment, new byte[two.length], StandardOpenOption.APPEND);
		Files.write(segment, two, StandardOpenOption.APPEND);
		assertThatExceptionOfType(JournalCorruptException.class).isThrownBy(() -> open(FsyncPolicy.NONE, 1024 * 1024))
			.withMessageContaining("followed by a valid record");
	}

	@Test
	void theFirstRecordWrittenAfterEachForceIsMarked() throws IOException {
		try (Journal journal = open(FsyncPolicy.ALWAYS, 1024 * 1024)) {
			append(journal, "one");
			append(journal, "two");
		}
		try (Journal journal = open(FsyncPolicy.INTERVAL, 1024 * 1024)) {
			// Opening forces what is there; then nothing is forced until the timer's force.
			append(journal, "three");
			append(journal, "four");
			journal.forceIfDirty();
			append(journal, "five");
		}
		try (Journal journal = open(FsyncPolicy.NONE, 1024 * 1024)) {
			append(journal, "six");
		}
		assertThat(marks(Segments.list(this.directory).get(0)))
			.containsExactly("one*", "two*", "three*", "four", "five*", "six");
	}

	/** Each record's payload, with a star when it is marked as written after a completed force. */
	private static List<String> marks(Path segment) throws IOException {
		List<String> marks = new ArrayList<>();
		try (SegmentReader reader = new SegmentReader(segment, FileChannel.open(segment, StandardOpenOption.READ))) {
			long position = SegmentHeader.SIZE;
			long size = reader.size();
			SegmentReader.Read read;
			while ((read = reader.read(position, size)).kind() == SegmentReader.Read.Kind.RECORD) {
				marks.add(new String(read.record().payload(), StandardCharsets.UTF_8) + (read.afterForce() ? "*" : ""));
				position = read.record().nextOffset() - reader.baseOffset();
			}
		}
		return marks;
	}

	@Test
	void corruptionInASealedSegmentStopsRecovery() throws IOException {
		try (Journal journal = open(FsyncPolicy.ALWAYS, 4096)) {
			for (int i = 0; i < 200; i++) {
				append(journal, "message " + i);
			}
		}
		List<Path> segments = Segments.list(this.directory);
		Path beforeLast = segments.get(segments.size() - 2);
		try (FileChannel channel = FileChannel.open(beforeLast, StandardOpenOption.WRITE)) {
			channel.truncate(Files.size(beforeLast) - 5);
		}
		assertThatExceptionOfType(JournalCorruptException.class).isThrownBy(() -> open(FsyncPolicy.ALWAYS, 4096))
			.withMessageContaining(beforeLast.toString());
	}

	@Test
	void aLastSegmentWithATornHeaderIsDeleted() throws IOException {
		try (Journal journal = open(FsyncPolicy.ALWAYS, 1024 * 1024)) {
			append(journal, "one");
		}
		Path segment = Segments.list(this.directory).get(0);
		Path torn = Segments.path(this.directory, Files.size(segment));
		Files.write(torn, new byte[] { 'A', 'C', 'K' });
		try (Journal journal = open(FsyncPolicy.ALWAYS, 1024 * 1024)) {
			append(journal, "two");
		}
		assertThat(torn).doesNotExist();
		assertThat(payloads(this.directory)).containsExactly("one", "two");
	}

	@Test
	void retentionDeletesTheOldestSealedSegmentsBySizeAndAge() throws IOException {
		JournalSettings settings = new JournalSettings(this.directory, FsyncPolicy.NONE, Duration.ofSeconds(1), 4096,
				3 * 4096, Duration.ofHours(1));
		try (Journal journal = Journal.open(settings, CLOCK, JournalStorage.FILES, JournalEvents.NONE)) {
			for (int i = 0; i < 400; i++) {
				append(journal, "message " + i);
			}
			journal.applyRetention();
			assertThat(journal.size()).isLessThanOrEqualTo(3 * 4096);
			List<String> kept = payloads(this.directory);
			assertThat(kept).endsWith("message 399").doesNotContain("message 0");
			List<Path> segments = journal.segments();
			for (Path segment : segments) {
				Files.setLastModifiedTime(segment, FileTime.from(NOW.minus(Duration.ofHours(2))));
			}
			journal.applyRetention();
			assertThat(journal.segments()).as("only the active one is left").containsExactly(segments.get(segments.size() - 1));
		}
	}

	@Test
	void retentionKeepsWhatTheRelayNeedsAndRefusesAppendsWhenThatIsTooMuch() throws IOException {
		JournalSettings settings = new JournalSettings(this.directory, FsyncPolicy.NONE, Duration.ofSeconds(1), 4096,
				3 * 4096, Duration.ofHours(1));
		try (Journal journal = Journal.open(settings, CLOCK, JournalStorage.FILES, JournalEvents.NONE)) {
			AtomicLong cursor = new AtomicLong(0);
			journal.keepFrom("the relay", cursor::get);
			int appended = 0;
			while (journal.refusal() == null && appended < 1000) {
				append(journal, "message " + appended++);
			}
			assertThat(journal.refusal()).contains("relay").contains("max-size");
			assertThat(payloads(this.directory)).startsWith("message 0").hasSize(appended);
			assertThatExceptionOfType(JournalAppendException.class).isThrownBy(() -> append(journal, "refused"))
				.withMessageStartingWith("journal append refused: ");
			cursor.set(journal.committedOffset());
			journal.applyRetention();
			assertThat(journal.refusal()).isNull();
			append(journal, "accepted again");
		}
	}

	@Test
	void aFullDiskFailsTheAppendCutsWhatItLeftAndRecovers() throws IOException {
		FaultyStorage storage = new FaultyStorage();
		List<String> failures = Collections.synchronizedList(new ArrayList<>());
		JournalEvents events = new JournalEvents() {
			@Override
			public void failed(String reason) {
				failures.add(reason);
			}
		};
		try (Journal journal = Journal.open(settings(FsyncPolicy.ALWAYS, 1024 * 1024), CLOCK, storage, events)) {
			append(journal, "before");
			storage.diskFull(true, 7);
			assertThatExceptionOfType(JournalAppendException.class).isThrownBy(() -> append(journal, "lost"))
				.withMessage("journal append failed: No space left on device");
			assertThat(journal.failure()).isEqualTo("No space left on device");
			assertThat(journal.probe()).isFalse();
			storage.diskFull(false, 0);
			assertThat(journal.probe()).isTrue();
			assertThat(journal.failure()).isNull();
			append(journal, "after");
		}
		assertThat(failures).isNotEmpty().allMatch("No space left on device"::equals);
		assertThat(payloads(this.directory)).containsExactly("before", "after");
	}

	@Test
	void aFailedForceFailsTheAppendAndTheRecordIsCut() throws IOException {
		FaultyStorage storage = new FaultyStorage();
		try (Journal journal = Journal.open(settings(FsyncPolicy.ALWAYS, 1024 * 1024), CLOCK, storage,
				JournalEvents.NONE)) {
			append(journal, "before");
			storage.forceFails(true);
			assertThatExceptionOfType(JournalAppendException.class).isThrownBy(() -> append(journal, "not durable"))
				.withMessage("journal append failed: Input/output error");
			storage.forceFails(false);
			append(journal, "after");
		}
		assertThat(payloads(this.directory)).containsExactly("before", "after");
	}

	@Test
	void aReaderAtTheEndReadsOnlyWhatIsCommittedWhenAFailedBatchIsCutAndOthersWritten() throws IOException {
		FaultyStorage storage = new FaultyStorage();
		List<String> read = new ArrayList<>();
		try (Journal journal = Journal.open(settings(FsyncPolicy.ALWAYS, 1024 * 1024), CLOCK, storage,
				JournalEvents.NONE); JournalReader reader = new JournalReader(this.directory, storage, 0)) {
			append(journal, "acked");
			// The reader refills its window while the failing batch is in the file, before it is cut.
			storage.beforeFailedForce(() -> readUpTo(reader, journal.committedOffset(), read));
			storage.forceFails(true);
			assertThatExceptionOfType(JournalAppendException.class).isThrownBy(() -> append(journal, "never acked"));
			storage.forceFails(false);
			assertThat(read).containsExactly("acked");
			append(journal, "acked after the failure");
			append(journal, "acked last");
			readUpTo(reader, journal.committedOffset(), read);
		}
		assertThat(read).containsExactly("acked", "acked after the failure", "acked last");
	}

	@Test
	void aReaderAtTheEndReadsNoneOfTheProbesZeros() throws IOException {
		FaultyStorage storage = new FaultyStorage();
		List<String> read = new ArrayList<>();
		try (Journal journal = Journal.open(settings(FsyncPolicy.ALWAYS, 1024 * 1024), CLOCK, storage,
				JournalEvents.NONE); JournalReader reader = new JournalReader(this.directory, storage, 0)) {
			append(journal, "acked");
			storage.diskFull(true, 0);
			assertThatExceptionOfType(JournalAppendException.class).isThrownBy(() -> append(journal, "refused"));
			storage.diskFull(false, 0);
			// The reader refills its window while the probe's zeros are in the file, before they are cut.
			storage.afterWrite(() -> readUpTo(reader, journal.committedOffset(), read));
			assertThat(journal.probe()).isTrue();
			storage.afterWrite(() -> {
			});
			assertThat(read).containsExactly("acked");
			append(journal, "acked after the disk came back");
			readUpTo(reader, journal.committedOffset(), read);
		}
		assertThat(read).containsExactly("acked", "acked after the disk came back");
	}

	private static void readUpTo(JournalReader reader, long limit, List<String> read) {
		try {
			JournalRecord record;
			while ((record = reader.next(limit)) != null) {
				read.add(new String(record.payload(), StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void intervalAndNoneAppendWithoutForcing() throws IOException {
		AtomicLong forcedBatches = new AtomicLong();
		AtomicLong timerForces = new AtomicLong();
		JournalEvents events = new JournalEvents() {
			@Override
			public void written(int records, long bytes, boolean forced) {
				if (forced) {
					forcedBatches.incrementAndGet();
				}
			}

			@Override
			public void forced() {
				timerForces.incrementAndGet();
			}
		};
		try (Journal journal = Journal.open(settings(FsyncPolicy.INTERVAL, 1024 * 1024), CLOCK, JournalStorage.FILES,
				events)) {
			append(journal, "one");
			append(journal, "two");
			journal.forceIfDirty();
			journal.forceIfDirty();
		}
		assertThat(forcedBatches.get()).isZero();
		assertThat(timerForces.get()).isEqualTo(1);
		assertThat(payloads(this.directory)).containsExactly("one", "two");
	}

	@Test
	void aFailedIntervalForceFailsAppendsAndReadinessUntilAProbeForcesAgain() throws IOException {
		FaultyStorage storage = new FaultyStorage();
		List<String> failures = Collections.synchronizedList(new ArrayList<>());
		JournalEvents events = new JournalEvents() {
			@Override
			public void failed(String reason) {
				failures.add(reason);
			}
		};
		try (Journal journal = Journal.open(settings(FsyncPolicy.INTERVAL, 1024 * 1024), CLOCK, storage, events)) {
			JournalHealthIndicator readiness = new JournalHealthIndicator(journal);
			append(journal, "acked before the force failed");
			storage.forceFails(true);
			journal.forceIfDirty();
			assertThat(journal.failure()).isEqualTo("fsync-interval force failed: Input/output error");
			assertThatExceptionOfType(JournalAppendException.class).isThrownBy(() -> append(journal, "refused"))
				.withMessage("journal append failed: fsync-interval force failed: Input/output error");
			Health down = readiness.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("reason",
					"journal append failed: fsync-interval force failed: Input/output error");
			// Only a force proves the disk is back: a write alone would succeed.
			assertThat(journal.probe()).isFalse();
			storage.forceFails(false);
			assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
			assertThat(journal.failure()).isNull();
			append(journal, "acked after");
		}
		assertThat(failures).isNotEmpty().allMatch("fsync-interval force failed: Input/output error"::equals);
		assertThat(payloads(this.directory)).containsExactly("acked before the force failed", "acked after");
	}

	@Test
	void anErrorInTheWriterFailsItsBatchInsteadOfLeavingAppendsWaiting() throws Exception {
		AtomicInteger errors = new AtomicInteger();
		List<String> failures = Collections.synchronizedList(new ArrayList<>());
		JournalEvents events = new JournalEvents() {
			@Override
			public void written(int records, long bytes, boolean forced) {
				if (errors.getAndIncrement() == 0) {
					throw new OutOfMemoryError("Java heap space (injected)");
				}
			}

			@Override
			public void failed(String reason) {
				failures.add(reason);
			}
		};
		ExecutorService appender = Executors.newSingleThreadExecutor(task -> {
			Thread thread = new Thread(task, "appender");
			thread.setDaemon(true);
			return thread;
		});
		try (Journal journal = Journal.open(settings(FsyncPolicy.ALWAYS, 1024 * 1024), CLOCK, JournalStorage.FILES,
				events)) {
			Future<?> first = appender.submit(() -> append(journal, "first"));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> first.get(10, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(JournalAppendException.class)
				.withMessage("journal append failed: Java heap space (injected)");
			assertThat(journal.failure()).isEqualTo("Java heap space (injected)");
			assertThat(failures).containsExactly("Java heap space (injected)");
			// The writer thread is still there: the next append is written and acked.
			appender.submit(() -> append(journal, "second")).get(10, TimeUnit.SECONDS);
			assertThat(journal.failure()).isNull();
			assertThat(new JournalHealthIndicator(journal).health().getStatus()).isEqualTo(Status.UP);
		}
		finally {
			appender.shutdownNow();
		}
		// The first record was written before the listener failed: its client got no ack and may send it again.
		assertThat(payloads(this.directory)).containsExactly("first", "second");
	}

	static void flipByte(Path file, long position) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			ByteBuffer one = ByteBuffer.allocate(1);
			channel.read(one, position);
			one.put(0, (byte) (one.get(0) ^ 0x5A));
			one.rewind();
			channel.write(one, position);
		}
	}

}
