package org.ackgate.journal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A corrupt journal stops startup with Spring Boot's short report naming the file and the byte. */
class JournalFailureAnalyzer extends AbstractFailureAnalyzer<JournalCorruptException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, JournalCorruptException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Inspect the segment with 'java -jar ackgate.jar journal dump --directory "
						+ cause.segment().getParent() + "'. Records past byte " + cause.position() + " of "
						+ cause.segment().getFileName() + " are not skipped silently: move the file away, or cut it at "
						+ "that byte (truncate -s " + cause.position() + ") if what follows may be lost.",
				cause);
	}

}
