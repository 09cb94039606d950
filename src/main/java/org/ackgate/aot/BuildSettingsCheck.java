package org.ackgate.aot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.commons.logging.Log;

import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.SpringProperties;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Decides, before the context exists, whether this start uses the bean graph Spring AOT fixed at
 * build time.
 *
 * <p>While the build runs Spring AOT, it puts {@link AskedSettings} first in the environment. When
 * a start is asked for the generated graph ({@code -Dspring.aot.enabled=true}), it compares the
 * settings the build recorded with its own, and on any difference turns the generated graph off for
 * this start, saying which setting differs: the start then parses the configuration as usual, a
 * few hundred milliseconds slower, with every switch honoured. Ordered last, so that the
 * configuration files and profiles have been read.
 */
final class BuildSettingsCheck implements EnvironmentPostProcessor, Ordered {

	private final Log log;

	BuildSettingsCheck(DeferredLogFactory logs) {
		this.log = logs.getLog(BuildSettingsCheck.class);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			environment.getPropertySources().addFirst(new AskedSettings());
			return;
		}
		if (!AotDetector.useGeneratedArtifacts()) {
			return;
		}
		Optional<String> difference = read(application.getClassLoader())
			.map(built -> built.differenceFrom(GraphSettings.in(environment), Runtime.version().feature()))
			.orElse(Optional.of("this build recorded no settings (" + BuildSettings.RESOURCE
					+ " is missing: was it built without process-aot?)"));
		if (difference.isPresent()) {
			SpringProperties.setProperty(AotDetector.AOT_ENABLED, "false");
			this.log.info("Starting without the bean definitions generated at build time (Spring AOT), because "
					+ difference.get() + "; the start reads the configuration classes instead, which takes longer");
		}
	}

	private static Optional<BuildSettings> read(ClassLoader classLoader) {
		try (InputStream in = classLoader.getResourceAsStream(BuildSettings.RESOURCE)) {
			return (in == null) ? Optional.empty()
					: Optional.of(BuildSettings.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
