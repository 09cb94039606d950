package org.ackgate.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProtocolViolationTests {

	/** The kinds are metric labels: their text is part of the public contract. */
	@Test
	void kindsAreTheMetricLabels() {
		assertThat(ProtocolViolation.Kind.OVERSIZE.label()).isEqualTo("oversize");
		assertThat(ProtocolViolation.Kind.NEGATIVE_LENGTH.label()).isEqualTo("negative_length");
		assertThat(ProtocolViolation.Kind.TRUNCATED.label()).isEqualTo("truncated");
	}

	/** A peer's protocol error is expected behaviour: no stack trace is captured for it. */
	@Test
	void noStackTraceIsCaptured() {
		ProtocolViolation violation = new ProtocolViolation(ProtocolViolation.Kind.TRUNCATED, "stream ended");
		assertThat(violation.getStackTrace()).isEmpty();
		assertThat(violation.fillInStackTrace()).isSameAs(violation);
		assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.TRUNCATED);
		assertThat(violation).hasMessage("stream ended");
	}

}
