package org.ackgate.system;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.AbstractBeanFactory;
import org.springframework.boot.context.properties.BoundConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ConfigurableApplicationContext;

import org.ackgate.line.LineProperties;
import org.ackgate.support.Causes;
import org.ackgate.support.TestService;
import org.ackgate.udp.UdpProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The whole service's start: every settings record comes from the binding ahead, and a setting's
 * failure and the {@code configprops} endpoint are as they were before it.
 */
class SettingsBoundAheadIntegrationTests {

	@Test
	void everyRecordOfTheServiceIsBoundAhead() {
		try (TestService service = TestService.start("ackgate.line.ack-prefix=ok: ", "ackgate.udp.workers=3")) {
			ConfigurableApplicationContext context = service.context();
			assertThat(settingsBoundAhead(context).handedOver()).isEqualTo(SettingsRecordBinderTests.RECORDS.size());
			assertThat(context.getBean(LineProperties.class).ackPrefix()).isEqualTo("ok: ");
			assertThat(context.getBean(UdpProperties.class).workers()).isEqualTo(3);
		}
	}

	@Test
	void anInvalidSettingStillStopsTheStartNamingIt() {
		assertThatException().isThrownBy(() -> TestService.start("ackgate.line.backlog=0").close())
			.satisfies(ex -> {
				// Boot's own binding failed it, as before the binding ahead: the early one's
				// failure never reaches the start.
				BindValidationException invalid = Causes.find(ex, BindValidationException.class);
				assertThat(invalid.getValidationErrors().getName()).hasToString("ackgate.line");
				assertThat(invalid.getMessage()).contains("'backlog'").contains("must be greater than or equal to 1");
				assertThat(Causes.find(ex, ConfigurationPropertiesBindException.class).getBeanType())
					.isEqualTo(LineProperties.class);
			});
	}

	@Test
	void withTheConfigpropsEndpointOnBootBindsTheRecordsAndKnowsWhereEachValueCameFrom() {
		try (TestService service = TestService.start("management.endpoints.web.exposure.include=health,configprops",
				"ackgate.line.ack-prefix=ok: ")) {
			ConfigurableApplicationContext context = service.context();
			assertThat(settingsBoundAhead(context).handedOver()).isZero();
			assertThat(BoundConfigurationProperties.get(context)
				.get(ConfigurationPropertyName.of("ackgate.line.ack-prefix"))
				.getOrigin()).hasToString("\"ackgate.line.ack-prefix\" from property source \"commandLineArgs\"");
		}
	}

	private static SettingsBoundAhead settingsBoundAhead(ConfigurableApplicationContext context) {
		return ((AbstractBeanFactory) context.getBeanFactory()).getBeanPostProcessors()
			.stream()
			.filter(SettingsBoundAhead.class::isInstance)
			.map(SettingsBoundAhead.class::cast)
			.findFirst()
			.orElseThrow();
	}

}
