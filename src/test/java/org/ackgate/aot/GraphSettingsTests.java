package org.ackgate.aot;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class GraphSettingsTests {

	@Test
	void keepsTheSwitchesAndDropsWhatDecidesNoBean() {
		assertThat(GraphSettings.names(List.of("ackgate.kafka.enabled", "management.endpoints.web.exposure.include",
				"logging.level.org.ackgate", "logging.structured.format.console", "spring.application.pid",
				"spring.application.version", "spring.application.name")))
			.containsExactlyInAnyOrder(GraphSettings.PROFILES, "ackgate.kafka.enabled",
					"management.endpoints.web.exposure.include", "spring.application.name");
	}

	@Test
	void thePortsCountOnlyForWhetherTheActuatorSharesTheWebServer() {
		assertThat(GraphSettings.names(List.of("server.port", "management.server.port")))
			.containsExactlyInAnyOrder(GraphSettings.MANAGEMENT_PORT, GraphSettings.PROFILES);
		MockEnvironment ackgate = new MockEnvironment().withProperty("management.server.port", "8081")
			.withProperty("server.port", "8081");
		MockEnvironment otherNumbers = new MockEnvironment().withProperty("management.server.port", "19081")
			.withProperty("server.port", "19081");
		MockEnvironment apart = new MockEnvironment().withProperty("management.server.port", "8081")
			.withProperty("server.port", "8080");
		MockEnvironment off = new MockEnvironment().withProperty("management.server.port", "-1");
		assertThat(GraphSettings.in(ackgate).apply(GraphSettings.MANAGEMENT_PORT)).isEqualTo("SAME");
		assertThat(GraphSettings.in(otherNumbers).apply(GraphSettings.MANAGEMENT_PORT)).isEqualTo("SAME");
		assertThat(GraphSettings.in(apart).apply(GraphSettings.MANAGEMENT_PORT)).isEqualTo("DIFFERENT");
		assertThat(GraphSettings.in(off).apply(GraphSettings.MANAGEMENT_PORT)).isEqualTo("DISABLED");
	}

	@Test
	void readsTheActiveProfilesAndEveryOtherNameAsItIs() {
		MockEnvironment environment = new MockEnvironment().withProperty("ackgate.kafka.enabled", "true");
		assertThat(GraphSettings.in(environment).apply(GraphSettings.PROFILES)).isEmpty();
		environment.setActiveProfiles("kafka", "tls");
		assertThat(GraphSettings.in(environment).apply(GraphSettings.PROFILES)).isEqualTo("kafka,tls");
		assertThat(GraphSettings.in(environment).apply("ackgate.kafka.enabled")).isEqualTo("true");
		assertThat(GraphSettings.in(environment).apply("ackgate.journal.enabled")).isNull();
	}

}
