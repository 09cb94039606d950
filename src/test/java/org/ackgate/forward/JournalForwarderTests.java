package org.ackgate.forward;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.ackgate.journal.FsyncPolicy;
import org.ackgate.journal.Journal;
import org.ackgate.journal.JournalEvents;
import org.ackgate.journal.JournalRecord;
import org.ackgate.journal.JournalSettings;
import org.ackgate.journal.JournalStorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The forwarder on a real journal in a temporary directory, with a destination that records what it got. */
@ExtendWith(OutputCaptureExtension.class)
class JournalForwarderTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T01:00:00Z"), ZoneOffset.UTC);

	private static final ForwardSettings SETTINGS = new ForwardSettings("test", "the test", 50, Duration.ofMillis(10),
			Duration.ofMillis(40), Duration.ofSeconds(1));

	@TempDir
	Path directory;

	private final List<String> delivered = new CopyOnWriteArrayList<>();

	private final ForwardDestination recording = new ForwardDestination() {

		@Override
		public String describe() {
			return "the test destination";
		}

		@Override
		public void deliver(List<JournalRecord> records) {
			for (JournalRecord record : records) {
				JournalForwarderTests.this.delivered.add(new String(record.payload(), StandardCharsets.UTF_8));
			}
		}

	};

	private Journal open(long segmentSize, long maxSize) throws IOException {
		return Journal.open(new JournalSettings(this.directory, FsyncPolicy.NONE, Duration.ofSeconds(1), segmentSize,
				maxSize, Duration.ofHours(1)), CLOCK, JournalStorage.FILES, JournalEvents.NONE);
	}

	private static List<String> append(Journal journal, int count) {
		List<String> payloads = new java.util.ArrayList<>();
		for (int i = 0; i < count; i++) {
			String payload = "message " + i;
			journal.append("line", "10.0.0.7:51234", CLOCK.instant(), payload.getBytes(StandardCharsets.UTF_8));
			payloads.add(payload);
		}
		return payloads;
	}

	/** The file system, with the given opens for reading (counted from 1) failing as EMFILE would. */
	private static JournalStorage failingOpens(AtomicInteger opens, int... failing) {
		return new JournalStorage() {

			@Override
			public FileChannel openForWrite(Path segment, boolean create) throws IOException {
				return JournalStorage.FILES.openForWrite(segment, create);
			}

			@Override
			public FileChannel openForRead(Path segment) throws IOException {
				int open = opens.incrementAndGet();
				for (int fail : failing) {
					if (open == fail) {
						throw new IOException(segment + ": Too many open files");
					}
				}
				return JournalStorage.super.openForRead(segment);
			}

		};
	}

	@Test
	void aReadThatFailsOnceIsTriedAgainAndEveryRecordIsDeliveredOnceInOrder(CapturedOutput output) throws Exception {
		try (Journal journal = open(1024 * 1024, 64L * 1024 * 1024)) {
			List<String> payloads = append(journal, 20);
			AtomicInteger opens = new AtomicInteger();
			JournalForwarder forwarder = new JournalForwarder(journal, this.recording, SETTINGS, () -> {
			}, failingOpens(opens, 1));
			forwarder.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> this.delivered.size() >= payloads.size());
				assertThat(this.delivered).containsExactlyElementsOf(payloads);
				assertThat(forwarder.stopped()).isNull();
				assertThat(opens.get()).isGreaterThan(1);
				assertThat(output).contains("Reading the journal for the test destination failed at offset")
					.contains("works again");
			}
			finally {
				forwarder.stop();
			}
		}
	}

	@Test
	void aReadFailingAtASegmentBoundaryDeliversWhatCameBeforeAndGoesOnFromThere() throws Exception {
		try (Journal journal = open(4096, 64L * 1024 * 1024)) {
			List<String> payloads = append(journal, 300);
			assertThat(journal.segments()).hasSizeGreaterThan(2);
			AtomicInteger opens = new AtomicInteger();
			// The second segment's first open fails, and its second: two backoff steps.
			JournalForwarder forwarder = new JournalForwarder(journal, this.recording, SETTINGS, () -> {
			}, failingOpens(opens, 2, 4));
			forwarder.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> this.delivered.size() >= payloads.size());
				assertThat(this.delivered).containsExactlyElementsOf(payloads);
				assertThat(forwarder.stopped()).isNull();
				await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.backlogBytes() == 0);
			}
			finally {
				forwarder.stop();
			}
		}
	}

	@Test
	void aForwardingThreadThatDiesSaysWhy() throws Exception {
		try (Journal journal = open(1024 * 1024, 64L * 1024 * 1024)) {
			append(journal, 3);
			ForwardDestination dying = new ForwardDestination() {

				@Override
				public String describe() {
					return "the dying destination";
				}

				@Override
				public void deliver(List<JournalRecord> records) {
					throw new OutOfMemoryError("Java heap space (test)");
				}

			};
			JournalForwarder forwarder = new JournalForwarder(journal, dying, SETTINGS, () -> {
			});
			assertThat(forwarder.stopped()).isNull();
			forwarder.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.stopped() != null);
				assertThat(forwarder.stopped()).contains("the dying destination")
					.contains("journal offset 0")
					.contains("OutOfMemoryError: Java heap space (test)");
			}
			finally {
				forwarder.stop();
			}
			assertThat(forwarder.stopped()).as("stopping does not clear why it died").isNotNull();
		}
	}

	@Test
	void aCursorBeforeTheOldestSegmentIsLoggedWithTheSkippedRange(CapturedOutput output) throws Exception {
		try (Journal journal = open(4096, 3 * 4096)) {
			append(journal, 400);
			journal.applyRetention();
			long first = journal.firstOffset();
			assertThat(first).isPositive();
			new ForwardCursor(this.directory, "test").write(100);
			JournalForwarder forwarder = new JournalForwarder(journal, this.recording, SETTINGS, () -> {
			});
			assertThat(forwarder.startOffset()).isEqualTo(first);
			assertThat(output).contains("test cursor 100 is before the journal's oldest segment at " + first
					+ ": journal offsets 100 to " + first + " are gone");
		}
	}

}
