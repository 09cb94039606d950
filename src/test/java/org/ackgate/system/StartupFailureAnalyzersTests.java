package org.ackgate.system;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class StartupFailureAnalyzersTests {

	@Test
	void anEndpointTlsMistakeIsReportedWithItsProperty() {
		FailureAnalysis analysis = new StartupFailureAnalyzers.EndpointTls().analyze(new BeanCreationException("line",
				new EndpointTlsException("ackgate.line.ssl.bundle", "ackgate.line.ssl.bundle is 'nope', but no SSL bundle")));
		assertThat(analysis.getDescription()).isEqualTo("ackgate.line.ssl.bundle is 'nope', but no SSL bundle");
		assertThat(analysis.getAction()).startsWith("Fix ackgate.line.ssl.bundle");
	}

	@Test
	void managementServerAddressPointsToServerAddress() {
		FailureAnalysis analysis = new StartupFailureAnalyzers.ManagementAddress().analyze(new IllegalStateException(
				"Management-specific server address cannot be configured as the management server is not listening on a separate port"));
		assertThat(analysis.getAction()).startsWith("Set server.address instead");
		assertThat(new StartupFailureAnalyzers.ManagementAddress().analyze(new IllegalStateException("other"))).isNull();
	}

}
