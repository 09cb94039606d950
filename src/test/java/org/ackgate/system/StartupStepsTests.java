package org.ackgate.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.metrics.ApplicationStartup;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class StartupStepsTests {

	@TempDir
	Path dir;

	@Test
	void aStartAskedForItsStepsWritesThemOnceReady() throws Exception {
		Path file = this.dir.resolve("steps.tsv");
		Properties system = new Properties();
		system.setProperty(StartupSteps.PROPERTY, file.toString());
		SpringApplication application = application();

		StartupSteps.recordIfAsked(application, system);
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(application.getApplicationStartup()).isInstanceOf(BufferingApplicationStartup.class);
			List<String> lines = Files.readAllLines(file);
			assertThat(lines.get(0)).isEqualTo(StartupStepTree.HEADER);
			assertThat(lines).anyMatch(line -> line.matches("[0-9.]+\t[0-9.]+\t0\tspring\\.context\\.refresh\t"));
			// The bean is inside the refresh, with its name as the tag.
			assertThat(lines).anyMatch(line -> line.matches("[0-9.]+\t[0-9.]+\t[1-9]\tspring\\.beans\\.instantiate\t"
					+ "beanName=greeting( .*)?"));
		}
	}

	@Test
	void withoutThePropertyTheStartIsNotRecorded() {
		SpringApplication application = application();

		StartupSteps.recordIfAsked(application, new Properties());
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(application.getApplicationStartup()).isSameAs(ApplicationStartup.DEFAULT);
		}
	}

	@Test
	void aFileThatCannotBeWrittenLeavesTheStartRunningAndSaysSo(CapturedOutput output) {
		Properties system = new Properties();
		system.setProperty(StartupSteps.PROPERTY, this.dir.resolve("missing-directory/steps.tsv").toString());
		SpringApplication application = application();

		StartupSteps.recordIfAsked(application, system);
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.isRunning()).isTrue();
			assertThat(this.dir.resolve("missing-directory")).doesNotExist();
			assertThat(output).contains("Could not write the start's steps to " + this.dir.resolve("missing-directory")
					+ "/steps.tsv (org.ackgate.startup-steps): java.nio.file.NoSuchFileException");
		}
	}

	@Test
	void aPathTheFileSystemRejectsIsSaidAndNothingIsRecorded(CapturedOutput output) {
		Properties system = new Properties();
		system.setProperty(StartupSteps.PROPERTY, "steps\u0000.tsv");
		SpringApplication application = application();

		StartupSteps.recordIfAsked(application, system);
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(application.getApplicationStartup()).isSameAs(ApplicationStartup.DEFAULT);
			assertThat(output).contains("Not recording the start's steps: org.ackgate.startup-steps=steps");
		}
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(Greeting.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("spring.main.banner-mode", "off"));
		return application;
	}

	@Configuration(proxyBeanMethods = false)
	static class Greeting {

		@Bean
		String greeting() {
			return "你好";
		}

	}

}
