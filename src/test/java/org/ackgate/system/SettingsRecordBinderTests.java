package org.ackgate.system;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import org.ackgate.framed.FramedProperties;
import org.ackgate.journal.JournalProperties;
import org.ackgate.kafka.KafkaProperties;
import org.ackgate.line.LineProperties;
import org.ackgate.relay.RelayProperties;
import org.ackgate.rfc868.Rfc868Properties;
import org.ackgate.tcp.ShutdownProperties;
import org.ackgate.tcp.ThreadsProperties;
import org.ackgate.tcp.TransportProperties;
import org.ackgate.time.TimeProperties;
import org.ackgate.udp.UdpProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The records bound ahead are the records Spring Boot would have bound, value for value. */
class SettingsRecordBinderTests {

	static final List<Class<?>> RECORDS = List.of(LineProperties.class, FramedProperties.class,
			TimeProperties.class, Rfc868Properties.class, UdpProperties.class, ThreadsProperties.class,
			TransportProperties.class, ShutdownProperties.class, JournalProperties.class, RelayProperties.class,
			KafkaProperties.class);

	/** Every key below differs from its default, nested records and lists included. */
	private static final String[] SETTINGS = { "ackgate.line.port=9001", "ackgate.line.bind-address=127.0.0.1",
			"ackgate.line.read-timeout=5s", "ackgate.line.max-message-size=1MB", "ackgate.line.ack-prefix=ok: ",
			"ackgate.line.allow=10.0.0.0/8,2001:db8::/32", "ackgate.line.proxy-protocol.enabled=true",
			"ackgate.line.proxy-protocol.trusted=127.0.0.1/32", "ackgate.line.proxy-protocol.header-timeout=1s",
			"ackgate.line.max-connection-age=10m", "ackgate.line.ssl.bundle=edge",
			"ackgate.line.ssl.client-auth=need", "ackgate.framed.ack-framing=headers",
			"ackgate.framed.ack-text=${ackgate.relay.ack-text}", "ackgate.framed.allow[0]=192.168.0.0/16",
			"ackgate.framed.ssl.client-auth=WANT", "ackgate.time.format=go", "ackgate.time.keep-open=true",
			"ackgate.time.ssl.handshake-timeout=3s", "ackgate.time.max-connections-per-source=3",
			"ackgate.rfc868.enabled=true", "ackgate.rfc868.allow=::1", "ackgate.udp.format=rfc3339-millis",
			"ackgate.udp.workers=4", "ackgate.udp.ntp.synchronized=false", "ackgate.udp.ntp.stratum=3",
			"ackgate.udp.rate-limit.enabled=false", "ackgate.udp.rate-limit.burst=32",
			"ackgate.threads.mode=platform", "ackgate.tcp.transport=blocking", "ackgate.tcp.accept-queues=1",
			"ackgate.shutdown.grace-period=3s", "ackgate.journal.fsync=INTERVAL",
			"ackgate.journal.retention.max-size=2GB", "ackgate.relay.ack-mode=local", "ackgate.relay.ack-text=好",
			"ackgate.relay.retry.max-backoff=2s", "ackgate.kafka.partitions=6", "ackgate.kafka.forward.batch-size=50",
			"ackgate.no-such-key=ignored, as Boot ignores it" };

	/** The environment-variable names, relaxed as Boot relaxes them. */
	private static final Map<String, Object> ENVIRONMENT = Map.of("ACKGATE_TIME_PORT", "9003",
			"ACKGATE_TIME_ALLOW_0", "10.1.0.0/16", "ACKGATE_KAFKA_SENDTIMEOUT", "2s");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
				ValidationAutoConfiguration.class))
		.withUserConfiguration(AllRecords.class);

	@Test
	void recordsAreEveryPropertiesRecordOfTheService() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Set<String> scanned = scanner.findCandidateComponents("org.ackgate")
			.stream()
			.map(BeanDefinition::getBeanClassName)
			.collect(Collectors.toSet());
		assertThat(scanned).isEqualTo(RECORDS.stream().map(Class::getName).collect(Collectors.toSet()));
		assertThat(RECORDS).allMatch(SettingsRecordBinder::binds);
	}

	@Test
	void defaultsBindAsBootBindsThem() {
		this.runner.run(context -> assertEveryRecordAsBoot(context));
	}

	@Test
	void settingsBindAsBootBindsThem() {
		this.runner.withPropertyValues(SETTINGS)
			.withInitializer(context -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", ENVIRONMENT)))
			.run(context -> {
				assertEveryRecordAsBoot(context);
				// The settings did reach the records: the comparison is not between two defaults.
				assertThat(context.getBean(LineProperties.class).port()).isEqualTo(9001);
				assertThat(context.getBean(TimeProperties.class).port()).isEqualTo(9003);
				assertThat(context.getBean(TimeProperties.class).allow()).containsExactly("10.1.0.0/16");
				assertThat(context.getBean(FramedProperties.class).ackText()).isEqualTo("好");
				assertThat(context.getBean(UdpProperties.class).ntp().synchronised()).isFalse();
			});
	}

	@Test
	void anInvalidSettingIsABindException() {
		new ApplicationContextRunner().withPropertyValues("ackgate.line.port=70000").run(context -> {
			SettingsRecordBinder binder = binder(context);
			assertThatExceptionOfType(BindException.class).isThrownBy(() -> binder.bind(LineProperties.class))
				.withCauseInstanceOf(BindValidationException.class);
		});
	}

	@Test
	void aMalformedSettingIsABindException() {
		new ApplicationContextRunner().withPropertyValues("ackgate.journal.enabled=ture").run(context -> {
			SettingsRecordBinder binder = binder(context);
			assertThatExceptionOfType(BindException.class).isThrownBy(() -> binder.bind(JournalProperties.class))
				.satisfies(ex -> assertThat(ex.getName()).hasToString("ackgate.journal.enabled"));
		});
	}

	@Test
	void aRecordsOwnCheckFailingIsABindException() {
		new ApplicationContextRunner().withPropertyValues("ackgate.line.proxy-protocol.enabled=true").run(context -> {
			SettingsRecordBinder binder = binder(context);
			assertThatExceptionOfType(BindException.class).isThrownBy(() -> binder.bind(LineProperties.class));
		});
	}

	private static void assertEveryRecordAsBoot(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		SettingsRecordBinder binder = binder(context);
		for (Class<?> type : RECORDS) {
			assertThat(binder.bind(type)).as(type.getSimpleName()).isEqualTo(context.getBean(type));
		}
	}

	private static SettingsRecordBinder binder(ConfigurableApplicationContext context) {
		return new SettingsRecordBinder(context.getEnvironment().getPropertySources(),
				context.getBeanFactory().getConversionService(), context.getBeanFactory()::copyRegisteredEditorsTo);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ LineProperties.class, FramedProperties.class, TimeProperties.class,
			Rfc868Properties.class, UdpProperties.class, ThreadsProperties.class, TransportProperties.class,
			ShutdownProperties.class, JournalProperties.class, RelayProperties.class, KafkaProperties.class })
	static class AllRecords {

	}

}
