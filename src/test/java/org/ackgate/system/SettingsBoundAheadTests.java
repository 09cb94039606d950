package org.ackgate.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import org.ackgate.framed.FramedProperties;
import org.ackgate.line.LineProperties;
import org.ackgate.time.TimeProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which records are handed to the bean factory from the binding ahead, and which are left for
 * Spring Boot to bind: the bean factory here is a real one, the binding thread an executor the
 * test runs when it chooses.
 */
class SettingsBoundAheadTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	/** The binding task, held until {@link #runBindingThread()}. */
	private final List<Runnable> bindingThread = new ArrayList<>();

	private final Executor heldExecutor = this.bindingThread::add;

	SettingsBoundAheadTests() {
		this.beanFactory.registerBeanDefinition("line", new RootBeanDefinition(LineProperties.class));
		this.beanFactory.registerBeanDefinition("framed", new RootBeanDefinition(FramedProperties.class));
		this.beanFactory.registerBeanDefinition("notARecord", new RootBeanDefinition(SettingsBoundAheadTests.class));
	}

	@Test
	void aRecordBoundOnTheBindingThreadIsHandedOver() {
		settings("ackgate.line.port=9001");
		SettingsBoundAhead ahead = new SettingsBoundAhead(this.environment, Runnable::run);
		ahead.postProcessBeanFactory(this.beanFactory);
		assertThat(ahead.postProcessBeforeInstantiation(LineProperties.class, "line"))
			.isInstanceOfSatisfying(LineProperties.class, line -> assertThat(line.port()).isEqualTo(9001));
		assertThat(ahead.postProcessBeforeInstantiation(FramedProperties.class, "framed"))
			.isInstanceOf(FramedProperties.class);
		assertThat(ahead.handedOver()).isEqualTo(2);
	}

	@Test
	void aRecordNeededBeforeTheBindingThreadReachedItIsBoundThenAndThere() {
		settings("ackgate.framed.port=9002");
		SettingsBoundAhead ahead = new SettingsBoundAhead(this.environment, this.heldExecutor);
		ahead.postProcessBeanFactory(this.beanFactory);
		assertThat(ahead.postProcessBeforeInstantiation(FramedProperties.class, "framed"))
			.isInstanceOfSatisfying(FramedProperties.class, framed -> assertThat(framed.port()).isEqualTo(9002));
		runBindingThread();
		assertThat(ahead.postProcessBeforeInstantiation(LineProperties.class, "line")).isInstanceOf(LineProperties.class);
		assertThat(ahead.handedOver()).isEqualTo(2);
	}

	@Test
	void eachRecordIsHandedOverOnceAndNothingElse() {
		SettingsBoundAhead ahead = new SettingsBoundAhead(this.environment, Runnable::run);
		ahead.postProcessBeanFactory(this.beanFactory);
		assertThat(ahead.postProcessBeforeInstantiation(LineProperties.class, "line")).isNotNull();
		assertThat(ahead.postProcessBeforeInstantiation(LineProperties.class, "line")).isNull();
		assertThat(ahead.postProcessBeforeInstantiation(SettingsBoundAheadTests.class, "notARecord")).isNull();
		// Registered after the binding began: Boot binds it.
		assertThat(ahead.postProcessBeforeInstantiation(TimeProperties.class, "time")).isNull();
		assertThat(ahead.handedOver()).isOne();
	}

	@Test
	void aFailedBindingIsLeftForBootToBindAndReport() {
		settings("ackgate.line.port=70000");
		SettingsBoundAhead ahead = new SettingsBoundAhead(this.environment, Runnable::run);
		ahead.postProcessBeanFactory(this.beanFactory);
		assertThat(ahead.postProcessBeforeInstantiation(LineProperties.class, "line")).isNull();
		assertThat(ahead.postProcessBeforeInstantiation(FramedProperties.class, "framed")).isNotNull();
		assertThat(ahead.handedOver()).isOne();
	}

	@Test
	void aPropertySourceAddedAfterTheBindingBeganLeavesEveryRecordToBoot() {
		SettingsBoundAhead ahead = new SettingsBoundAhead(this.environment, Runnable::run);
		ahead.postProcessBeanFactory(this.beanFactory);
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("late", Map.of("ackgate.line.port", "9003")));
		assertThat(ahead.postProcessBeforeInstantiation(LineProperties.class, "line")).isNull();
		assertThat(ahead.handedOver()).isZero();
	}

	@Test
	void aPropertySourceReplacedByOneOfTheSameNameLeavesEveryRecordToBoot() {
		settings("ackgate.line.port=9001");
		SettingsBoundAhead ahead = new SettingsBoundAhead(this.environment, Runnable::run);
		ahead.postProcessBeanFactory(this.beanFactory);
		this.environment.getPropertySources()
			.replace("test", new MapPropertySource("test", Map.of("ackgate.line.port", "9004")));
		assertThat(ahead.postProcessBeforeInstantiation(LineProperties.class, "line")).isNull();
		assertThat(ahead.handedOver()).isZero();
	}

	@Test
	void withTheConfigpropsEndpointOnBootBindsEveryRecord() {
		this.beanFactory.registerBeanDefinition(SettingsBoundAhead.CONFIGPROPS_ENDPOINT,
				new RootBeanDefinition(Object.class));
		SettingsBoundAhead ahead = new SettingsBoundAhead(this.environment, Runnable::run);
		ahead.postProcessBeanFactory(this.beanFactory);
		assertThat(ahead.postProcessBeforeInstantiation(LineProperties.class, "line")).isNull();
		assertThat(ahead.handedOver()).isZero();
	}

	@Test
	void withAValidatorForEveryPropertiesBeanBootBindsEveryRecord() {
		this.beanFactory.registerSingleton(SettingsBoundAhead.PROPERTIES_VALIDATOR, new Object());
		SettingsBoundAhead ahead = new SettingsBoundAhead(this.environment, Runnable::run);
		ahead.postProcessBeanFactory(this.beanFactory);
		assertThat(ahead.postProcessBeforeInstantiation(LineProperties.class, "line")).isNull();
		assertThat(ahead.handedOver()).isZero();
	}

	private void settings(String... properties) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (String property : properties) {
			int equals = property.indexOf('=');
			map.put(property.substring(0, equals), property.substring(equals + 1));
		}
		this.environment.getPropertySources().addFirst(new MapPropertySource("test", map));
	}

	private void runBindingThread() {
		this.bindingThread.forEach(Runnable::run);
		this.bindingThread.clear();
	}

}
