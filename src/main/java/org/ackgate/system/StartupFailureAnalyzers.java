package org.ackgate.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Short "application failed to start" reports for configuration mistakes. */
final class StartupFailureAnalyzers {

	private StartupFailureAnalyzers() {
	}

	/** An endpoint's TLS configuration is unusable. */
	static final class EndpointTls extends AbstractFailureAnalyzer<EndpointTlsException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, EndpointTlsException cause) {
			return new FailureAnalysis(cause.getMessage(), "Fix " + cause.property() + ", or the SSL bundle it names "
					+ "(spring.ssl.bundle.pem.NAME or spring.ssl.bundle.jks.NAME); see the README's TLS section.", cause);
		}

	}

	/** A setting that cannot work here, or contradicts another. */
	static final class Setting extends AbstractFailureAnalyzer<SettingException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, SettingException cause) {
			return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
		}

	}

	/**
	 * management.server.address set while the actuator runs on the service's only web server
	 * (application.yml sets server.port to management.server.port): Spring Boot refuses it.
	 */
	static final class ManagementAddress extends AbstractFailureAnalyzer<IllegalStateException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, IllegalStateException cause) {
			if (!String.valueOf(cause.getMessage()).startsWith("Management-specific server address cannot be configured")) {
				return null;
			}
			return new FailureAnalysis("management.server.address is set, but in ackgate the actuator is the service's "
					+ "only web server (server.port follows management.server.port), so Spring Boot has no separate "
					+ "management server to bind it to.",
					"Set server.address instead (for example server.address=127.0.0.1); it binds the actuator's port to "
							+ "that address.",
					cause);
		}

	}

}
