package org.ackgate.client.transport;

import java.util.concurrent.Executor;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.context.IntegrationContextUtils;
import org.springframework.integration.context.IntegrationObjectSupport;
import org.springframework.integration.expression.ExpressionUtils;

/**
 * Spring Integration components built by hand for one command, without an application context:
 * a context would start in about the time the whole command should take. The bean factory holds
 * only what the components look up (the integration evaluation context); the executor makes
 * daemon threads, so a command never waits on a reader thread to exit.
 */
final class ClientIntegration {

	private static final DefaultListableBeanFactory BEAN_FACTORY = beanFactory();

	private ClientIntegration() {
	}

	/** Names the component, gives it the bean factory and initialises it, as a context would. */
	static <T extends IntegrationObjectSupport> T initialize(T component, String name) {
		component.setBeanName(name);
		component.setBeanFactory(BEAN_FACTORY);
		component.afterPropertiesSet();
		return component;
	}

	/** One daemon thread per task (a connection's reader); nothing to shut down. */
	static Executor readerThreads(String prefix) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(prefix);
		executor.setDaemon(true);
		return executor;
	}

	private static DefaultListableBeanFactory beanFactory() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerSingleton(IntegrationContextUtils.INTEGRATION_EVALUATION_CONTEXT_BEAN_NAME,
				ExpressionUtils.createStandardEvaluationContext());
		return beanFactory;
	}

}
