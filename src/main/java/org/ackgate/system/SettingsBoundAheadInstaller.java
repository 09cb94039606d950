package org.ackgate.system;

import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor;

/**
 * Puts {@link SettingsBoundAhead} into every context a {@code SpringApplication} of ackgate's
 * starts, before its refresh, as a bean-factory post-processor and a bean post-processor that
 * are not beans themselves: the bean graph, and so Spring AOT's, stays as it is. Not while Spring
 * AOT processes the build, which creates no beans. Listed in {@code META-INF/spring.factories}.
 */
final class SettingsBoundAheadInstaller implements ApplicationListener<ApplicationContextInitializedEvent> {

	@Override
	public void onApplicationEvent(ApplicationContextInitializedEvent event) {
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			return;
		}
		ConfigurableApplicationContext context = event.getApplicationContext();
		SettingsBoundAhead settings = SettingsBoundAhead.onOwnThread(context.getEnvironment());
		context.addBeanFactoryPostProcessor(settings);
		context.getBeanFactory().addBeanPostProcessor(settings);
	}

}
