package org.ackgate.aot;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * At build time, writes the settings the bean graph was decided with into the generated resources.
 *
 * <p>Runs after the conditions were evaluated, so the names {@link AskedSettings} noted are all
 * that decided the graph; each that can ({@link GraphSettings}) is written with its value as the
 * build resolved it.
 */
final class BuildSettingsWriter implements BeanFactoryInitializationAotProcessor {

	@Override
	public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
		ConfigurableEnvironment environment = beanFactory.getBean(ConfigurableEnvironment.class);
		if (!(environment.getPropertySources().remove(AskedSettings.NAME) instanceof AskedSettings asked)) {
			throw new IllegalStateException("Spring AOT processing ran without " + BuildSettingsCheck.class.getName()
					+ " noting the settings asked for; is META-INF/spring.factories on the class path?");
		}
		BuildSettings settings = BuildSettings.of(GraphSettings.names(asked.names()), GraphSettings.in(environment),
				Runtime.version().feature());
		byte[] content = settings.toText().getBytes(StandardCharsets.UTF_8);
		return (generationContext, code) -> generationContext.getGeneratedFiles()
			.addResourceFile(BuildSettings.RESOURCE, () -> new ByteArrayInputStream(content));
	}

}
