package org.ackgate.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a port in use into Spring Boot's short "application failed to start" report. */
class EndpointBindFailureAnalyzer extends AbstractFailureAnalyzer<EndpointBindException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EndpointBindException cause) {
		String key = "ackgate." + cause.endpoint() + ".port";
		return new FailureAnalysis(cause.getMessage(),
				"Stop the process using " + cause.transport() + " port " + cause.port() + ", or set " + key
						+ " to another port (0 picks any free port), or disable the endpoint with ackgate."
						+ cause.endpoint() + ".enabled=false.",
				cause);
	}

}
