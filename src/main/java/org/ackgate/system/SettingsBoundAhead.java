package org.ackgate.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Binds ackgate's settings records on a thread of their own while the context refreshes, and
 * hands each to the bean factory when a bean first needs it. Binding and validating the records
 * was the largest part of the start that is ackgate's own; here it runs while {@code main} creates
 * the web server and the other beans, with one Hibernate Validator factory for all the records
 * where Boot builds one per record (docs/performance.md, Startup).
 *
 * <p>Spring Boot still binds a record whenever this could not: when its binding here failed (so
 * a bad setting fails the start with Boot's own report), when the property sources changed after
 * the binding began, when the actuator's {@code configprops} endpoint is on (it shows where
 * each value came from, which Boot records only as it binds), and when the context defines a
 * validator for every properties bean, which Boot applies and this does not. It runs after the
 * bean definitions are registered, as the first bean-factory post-processor, and needs no bean of
 * the context.
 */
final class SettingsBoundAhead implements BeanFactoryPostProcessor, InstantiationAwareBeanPostProcessor {

	/** The records of this package tree; another library's records are left to Boot. */
	static final String PACKAGE = "org.ackgate.";

	/** Boot's bean name for the {@code configprops} endpoint, defined only when it is on. */
	static final String CONFIGPROPS_ENDPOINT = "configurationPropertiesReportEndpoint";

	/** Boot's bean name for a validator it applies to every properties bean besides Bean Validation. */
	static final String PROPERTIES_VALIDATOR = EnableConfigurationProperties.VALIDATOR_BEAN_NAME;

	/** Bounds how long a bean waits for its record; past it Boot binds the record instead. */
	static final long WAIT_SECONDS = 30;

	private static final Logger log = LoggerFactory.getLogger(SettingsBoundAhead.class);

	private final ConfigurableEnvironment environment;

	/** The records not taken by a bean yet, each with its binding, done or to be done. */
	private final Map<Class<?>, CompletableFuture<Object>> records = new ConcurrentHashMap<>();

	/** The records whose binding has not begun, in the order the binding thread takes them. */
	private final Queue<Class<?>> pending = new ConcurrentLinkedQueue<>();

	private final Executor executor;

	private volatile List<PropertySource<?>> sourcesAtStart = List.of();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	private @Nullable SettingsRecordBinder binder;

	private volatile int handedOver;

	/** Binds on {@code executor}, which runs the whole binding as one task. */
	SettingsBoundAhead(ConfigurableEnvironment environment, Executor executor) {
		this.environment = environment;
		this.executor = executor;
	}

	/** Binds on a daemon thread of its own, {@code ackgate-settings}. */
	static SettingsBoundAhead onOwnThread(ConfigurableEnvironment environment) {
		return new SettingsBoundAhead(environment, task -> {
			Thread thread = new Thread(task, "ackgate-settings");
			thread.setDaemon(true);
			thread.start();
		});
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (beanFactory.containsBean(CONFIGPROPS_ENDPOINT) || beanFactory.containsBean(PROPERTIES_VALIDATOR)) {
			return;
		}
		List<Class<?>> types = recordTypes(beanFactory);
		if (types.isEmpty()) {
			return;
		}
		this.beanFactory = beanFactory;
		this.sourcesAtStart = sources();
		Map<Class<?>, CompletableFuture<Object>> bindings = new LinkedHashMap<>();
		types.forEach(type -> bindings.put(type, new CompletableFuture<>()));
		this.records.putAll(bindings);
		this.pending.addAll(types);
		this.executor.execute(() -> {
			for (Class<?> type = this.pending.poll(); type != null; type = this.pending.poll()) {
				CompletableFuture<Object> binding = bindings.get(type);
				try {
					binding.complete(binder().bind(type));
				}
				catch (RuntimeException | LinkageError ex) {
					binding.completeExceptionally(ex);
				}
			}
		});
	}

	@Override
	public @Nullable Object postProcessBeforeInstantiation(Class<?> beanClass, String beanName) {
		CompletableFuture<Object> record = this.records.remove(beanClass);
		if (record == null) {
			return null;
		}
		if (!sameSources()) {
			log.debug("Binding {} as usual: the property sources changed after its early binding began", beanName);
			return null;
		}
		// Needed before the binding thread reached it: bound here rather than waiting behind the
		// records that thread has still to bind.
		boolean here = this.pending.remove(beanClass);
		try {
			Object bound = here ? binder().bind(beanClass) : record.get(WAIT_SECONDS, TimeUnit.SECONDS);
			this.handedOver++;
			log.debug("Bound {} {}", beanName, here ? "when first needed" : "ahead, on the binding thread");
			return bound;
		}
		catch (RuntimeException | LinkageError | ExecutionException ex) {
			// Boot binds it again and reports the failure in its own words.
			log.debug("Binding {} as usual: its early binding failed", beanName,
					(ex instanceof ExecutionException) ? ex.getCause() : ex);
			return null;
		}
		catch (TimeoutException ex) {
			log.warn("Binding {} as usual: its binding on another thread took over {} s", beanName, WAIT_SECONDS);
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** How many records the bean factory took from here rather than binding them itself. */
	int handedOver() {
		return this.handedOver;
	}

	/** Built by whichever thread binds first: the binding thread, or {@code main} taking a record. */
	private synchronized SettingsRecordBinder binder() {
		if (this.binder == null) {
			// Reads the bean factory's property editors from this thread: the refresh registered
			// Spring's before the post-processors ran, and nothing registers any later.
			ConfigurableListableBeanFactory factory = Objects.requireNonNull(this.beanFactory);
			this.binder = new SettingsRecordBinder(this.environment.getPropertySources(),
					factory.getConversionService(), factory::copyRegisteredEditorsTo);
		}
		return this.binder;
	}

	private List<PropertySource<?>> sources() {
		return this.environment.getPropertySources().stream().toList();
	}

	/** The same sources, the same objects in the same order: a source's equality is its name's. */
	private boolean sameSources() {
		List<PropertySource<?>> now = sources();
		List<PropertySource<?>> atStart = this.sourcesAtStart;
		if (now.size() != atStart.size()) {
			return false;
		}
		for (int i = 0; i < now.size(); i++) {
			if (now.get(i) != atStart.get(i)) {
				return false;
			}
		}
		return true;
	}

	private static List<Class<?>> recordTypes(ConfigurableListableBeanFactory beanFactory) {
		List<Class<?>> types = new ArrayList<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			// Plain checks first: this runs on main, over every definition.
			if (beanFactory.getBeanDefinition(name) instanceof AbstractBeanDefinition definition
					&& definition.hasBeanClass() && definition.getFactoryMethodName() == null
					&& definition.isSingleton()) {
				Class<?> type = definition.getBeanClass();
				if (type.isRecord() && type.getName().startsWith(PACKAGE) && SettingsRecordBinder.binds(type)) {
					types.add(type);
				}
			}
		}
		return types;
	}

}
