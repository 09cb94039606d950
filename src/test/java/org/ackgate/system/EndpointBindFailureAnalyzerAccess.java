package org.ackgate.system;

import org.springframework.boot.diagnostics.FailureAnalysis;

/** Lets tests in other packages run the package-private failure analyzer. */
public final class EndpointBindFailureAnalyzerAccess {

	public FailureAnalysis analyze(Throwable failure) {
		return new EndpointBindFailureAnalyzer().analyze(failure);
	}

}
