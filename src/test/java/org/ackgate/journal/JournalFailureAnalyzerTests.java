package org.ackgate.journal;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/** A corrupt journal at startup becomes Boot's short report naming file, byte and the way out. */
class JournalFailureAnalyzerTests {

	@Test
	void theReportNamesTheFileTheByteAndHowToGoOn() {
		Path segment = Path.of("/var/lib/ackgate/journal/00000000000000000000.journal");
		JournalCorruptException corrupt = new JournalCorruptException(segment, 76, 76,
				"journal segment " + segment + " has a corrupt record at byte 76 (CRC32C mismatch), followed by a "
						+ "valid record at byte 128");
		FailureAnalysis analysis = new JournalFailureAnalyzer()
			.analyze(new BeanCreationException("journal", "could not be opened", corrupt));
		assertThat(analysis.getDescription()).contains(segment.toString(), "byte 76", "followed by a valid record");
		assertThat(analysis.getAction()).contains("journal dump --directory /var/lib/ackgate/journal",
				"truncate -s 76", "00000000000000000000.journal");
	}

}
