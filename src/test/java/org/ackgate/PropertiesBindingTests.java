package org.ackgate;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import org.ackgate.framed.AckFraming;
import org.ackgate.framed.FramedProperties;
import org.ackgate.journal.FsyncPolicy;
import org.ackgate.journal.JournalProperties;
import org.ackgate.line.LineProperties;
import org.ackgate.relay.AckMode;
import org.ackgate.relay.RelayProperties;
import org.ackgate.relay.RelayProtocol;
import org.ackgate.tcp.ShutdownProperties;
import org.ackgate.tcp.TcpServerSettings;
import org.ackgate.tcp.TcpSslProperties;
import org.ackgate.tcp.ThreadsProperties;
import org.ackgate.tcp.TransportProperties;
import org.ackgate.rfc868.Rfc868Properties;
import org.ackgate.time.TimeFormat;
import org.ackgate.time.TimeProperties;
import org.ackgate.udp.UdpProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ackgate.*} keys are a public contract: their defaults and their validation. */
class PropertiesBindingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
				ValidationAutoConfiguration.class))
		.withUserConfiguration(AllProperties.class);

	@Test
	void defaultsAreTheSeedsPortsAndTexts() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			LineProperties line = context.getBean(LineProperties.class);
			assertThat(line.port()).isEqualTo(8080);
			assertThat(line.ackPrefix()).isEqualTo("已接收: ");
			assertThat(line.readTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(line.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(line.maxMessageSize()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(line.backlog()).isGreaterThan(5);
			FramedProperties framed = context.getBean(FramedProperties.class);
			assertThat(framed.port()).isEqualTo(7373);
			assertThat(framed.ackText()).isEqualTo("我收到了");
			assertThat(framed.ackFraming()).isEqualTo(AckFraming.RAW);
			TimeProperties time = context.getBean(TimeProperties.class);
			assertThat(time.port()).isEqualTo(8330);
			assertThat(time.format()).isEqualTo(TimeFormat.RFC3339);
			assertThat(time.keepOpen()).isFalse();
			UdpProperties udp = context.getBean(UdpProperties.class);
			assertThat(udp.port()).isEqualTo(8123);
			assertThat(udp.format()).isEqualTo(TimeFormat.RFC3339);
			assertThat(context.getBean(ThreadsProperties.class).mode()).isEqualTo(ThreadsProperties.Mode.AUTO);
			assertThat(context.getBean(TransportProperties.class).transport())
				.isEqualTo(TransportProperties.Transport.EVENT_LOOP);
			assertThat(context.getBean(TransportProperties.class).loopThreads()).isZero();
			assertThat(context.getBean(ShutdownProperties.class).gracePeriod()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void relaxedNamesBind() {
		this.runner
			.withPropertyValues("ackgate.udp.format=rfc3339-millis", "ackgate.time.format=go",
					"ackgate.framed.ack-framing=headers", "ackgate.line.max-message-size=1MB", "ackgate.threads.mode=platform")
			.run(context -> {
				assertThat(context.getBean(UdpProperties.class).format()).isEqualTo(TimeFormat.RFC3339_MILLIS);
				assertThat(context.getBean(TimeProperties.class).format()).isEqualTo(TimeFormat.GO);
				assertThat(context.getBean(FramedProperties.class).ackFraming()).isEqualTo(AckFraming.HEADERS);
				assertThat(context.getBean(LineProperties.class).maxMessageSize()).isEqualTo(DataSize.ofMegabytes(1));
			});
	}

	@Test
	void aPortOutOfRangeFailsNamingTheProperty() {
		assertFailsNaming("ackgate.line.port=70000", "ackgate.line.port");
		assertFailsNaming("ackgate.udp.port=-1", "ackgate.udp.port");
	}

	@Test
	void aNegativeOrZeroTimeoutFailsNamingTheProperty() {
		assertFailsNaming("ackgate.framed.read-timeout=-5s", "ackgate.framed.read-timeout");
		assertFailsNaming("ackgate.line.write-timeout=0s", "ackgate.line.write-timeout");
	}

	@Test
	void theEventLoopTransportBindsAndAnUnknownOneFailsNamingTheProperty() {
		this.runner.withPropertyValues("ackgate.tcp.transport=event-loop", "ackgate.tcp.loop-threads=3").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TransportProperties.class)).isEqualTo(new TransportProperties(
					TransportProperties.Transport.EVENT_LOOP, 3, TransportProperties.LoopIo.AUTO, 2, DataSize.ofBytes(0)));
		});
		this.runner.withPropertyValues("ackgate.tcp.accept-queues=1").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TransportProperties.class).acceptQueues()).isEqualTo(1);
		});
		assertFailsNaming("ackgate.tcp.accept-queues=0", "ackgate.tcp.accept-queues");
		this.runner.withPropertyValues("ackgate.tcp.incomplete-message-memory=64MB").run(context -> assertThat(
				context.getBean(TransportProperties.class).incompleteMessageBytes()).isEqualTo(64L * 1024 * 1024));
		this.runner.run(context -> assertThat(context.getBean(TransportProperties.class).incompleteMessageBytes())
			.isEqualTo(Runtime.getRuntime().maxMemory() / 2));
		assertFailsNaming("ackgate.tcp.incomplete-message-memory=-1MB", "ackgate.tcp.incomplete-message-memory");
		assertFailsNaming("ackgate.tcp.accept-queues=17", "ackgate.tcp.accept-queues");
		this.runner.withPropertyValues("ackgate.tcp.loop-io=io-uring").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TransportProperties.class).loopIo()).isEqualTo(TransportProperties.LoopIo.IO_URING);
		});
		assertFailsNaming("ackgate.tcp.loop-io=kqueue", "ackgate.tcp.loop-io");
		assertFailsNaming("ackgate.tcp.transport=netty-ish", "ackgate.tcp.transport");
		assertFailsNaming("ackgate.tcp.loop-threads=-1", "loopThreads");
	}

	@Test
	void anUnknownFormatFailsNamingTheProperty() {
		assertFailsNaming("ackgate.time.format=iso9999", "ackgate.time.format");
	}

	@Test
	void aMessageSizeOutOfRangeFailsNamingTheProperty() {
		assertFailsNaming("ackgate.line.max-message-size=0B", "ackgate.line.max-message-size");
		assertFailsNaming("ackgate.framed.max-message-size=1GB", "ackgate.framed.max-message-size");
	}

	@Test
	void aBacklogOrConnectionLimitBelowOneFails() {
		assertFailsNaming("ackgate.time.backlog=0", "ackgate.time.backlog");
		assertFailsNaming("ackgate.line.max-connections=0", "ackgate.line.max-connections");
	}

	@Test
	void transportSecurityIsOffByDefault() {
		this.runner.run(context -> {
			LineProperties line = context.getBean(LineProperties.class);
			FramedProperties framed = context.getBean(FramedProperties.class);
			TimeProperties time = context.getBean(TimeProperties.class);
			Rfc868Properties rfc868 = context.getBean(Rfc868Properties.class);
			for (TcpSslProperties ssl : List.of(line.ssl(), framed.ssl(), time.ssl(), rfc868.ssl())) {
				assertThat(ssl.enabled()).isFalse();
				assertThat(ssl.clientAuth()).isEqualTo(TcpSslProperties.ClientAuth.NONE);
				assertThat(ssl.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
			}
			assertThat(TcpServerSettings.allowList("ackgate.line.allow", line.allow()).allowsEveryone()).isTrue();
			assertThat(List.of(line.maxConnectionsPerSource(), framed.maxConnectionsPerSource(),
					time.maxConnectionsPerSource(), rfc868.maxConnectionsPerSource())).containsOnly(0);
		});
	}

	@Test
	void transportSecurityBindsForEveryTcpEndpoint() {
		this.runner
			.withPropertyValues("ackgate.line.ssl.bundle=edge", "ackgate.line.ssl.client-auth=need",
					"ackgate.framed.ssl.bundle=edge", "ackgate.framed.ssl.client-auth=WANT",
					"ackgate.time.ssl.bundle=edge", "ackgate.time.ssl.handshake-timeout=3s",
					"ackgate.rfc868.ssl.bundle=edge", "ackgate.line.allow=10.0.0.0/8,2001:db8::/32,127.0.0.1",
					"ackgate.framed.allow[0]=192.168.0.0/16", "ackgate.rfc868.allow=::1",
					"ackgate.time.max-connections-per-source=3")
			.run(context -> {
				LineProperties line = context.getBean(LineProperties.class);
				assertThat(line.ssl().bundle()).isEqualTo("edge");
				assertThat(line.ssl().clientAuth()).isEqualTo(TcpSslProperties.ClientAuth.NEED);
				assertThat(TcpServerSettings.allowList("ackgate.line.allow", line.allow()))
					.hasToString("[10.0.0.0/8, 2001:db8:0:0:0:0:0:0/32, 127.0.0.1/32]");
				FramedProperties framed = context.getBean(FramedProperties.class);
				assertThat(framed.ssl().clientAuth()).isEqualTo(TcpSslProperties.ClientAuth.WANT);
				assertThat(framed.allow()).containsExactly("192.168.0.0/16");
				TimeProperties time = context.getBean(TimeProperties.class);
				assertThat(time.ssl().handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(time.maxConnectionsPerSource()).isEqualTo(3);
				Rfc868Properties rfc868 = context.getBean(Rfc868Properties.class);
				assertThat(rfc868.ssl().enabled()).isTrue();
				assertThat(rfc868.allow()).containsExactly("::1");
			});
	}

	@Test
	void aBadAllowEntryFailsNamingThePropertyAndTheEntry() {
		assertFailsNaming("ackgate.line.allow=10.0.0.0/8,10.1.2.3/8", "ackgate.line.allow[1] '10.1.2.3/8'");
		assertFailsNaming("ackgate.framed.allow=example.com", "ackgate.framed.allow[0] 'example.com'");
		assertFailsNaming("ackgate.time.allow=10.0.0.0/33", "ackgate.time.allow[0]");
		assertFailsNaming("ackgate.rfc868.allow=::1/129", "ackgate.rfc868.allow[0]");
	}

	@Test
	void aBadClientAuthOrPerSourceLimitFailsNamingTheProperty() {
		assertFailsNaming("ackgate.line.ssl.client-auth=sometimes", "ackgate.line.ssl.client-auth");
		assertFailsNaming("ackgate.framed.max-connections-per-source=-1", "ackgate.framed.max-connections-per-source");
		assertFailsNaming("ackgate.time.ssl.handshake-timeout=0s", "ssl.handshakeTimeout");
	}

	@Test
	void theJournalAndTheRelayAreOffByDefaultWithDurableDefaults() {
		this.runner.run(context -> {
			JournalProperties journal = context.getBean(JournalProperties.class);
			assertThat(journal.enabled()).isFalse();
			assertThat(journal.fsync()).isEqualTo(FsyncPolicy.ALWAYS);
			assertThat(journal.fsyncInterval()).isEqualTo(Duration.ofSeconds(1));
			assertThat(journal.segmentSize()).isEqualTo(DataSize.ofMegabytes(64));
			assertThat(journal.retention().maxSize()).isEqualTo(DataSize.ofGigabytes(1));
			assertThat(journal.retention().maxAge()).isEqualTo(Duration.ofDays(7));
			RelayProperties relay = context.getBean(RelayProperties.class);
			assertThat(relay.enabled()).isFalse();
			assertThat(relay.protocol()).isEqualTo(RelayProtocol.LINE);
			assertThat(relay.ackMode()).isEqualTo(AckMode.UPSTREAM);
			assertThat(relay.poolSize()).isEqualTo(4);
			assertThat(relay.retry().initialBackoff()).isEqualTo(Duration.ofMillis(100));
			assertThat(relay.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(10));
		});
		this.runner.withPropertyValues("ackgate.journal.fsync=INTERVAL", "ackgate.relay.ack-mode=local",
				"ackgate.relay.retry.max-backoff=2s")
			.run(context -> {
				assertThat(context.getBean(JournalProperties.class).fsync()).isEqualTo(FsyncPolicy.INTERVAL);
				assertThat(context.getBean(RelayProperties.class).ackMode()).isEqualTo(AckMode.LOCAL);
			});
	}

	@Test
	void badJournalAndRelayValuesFailNamingTheProperty() {
		assertFailsNaming("ackgate.journal.fsync=sometimes", "ackgate.journal.fsync");
		assertFailsNaming("ackgate.journal.segment-size=1KB", "ackgate.journal.segment-size");
		assertFailsNaming("ackgate.journal.retention.max-size=64MB", "ackgate.journal.retention.max-size");
		assertFailsNaming("ackgate.journal.fsync-interval=0s", "fsyncInterval");
		assertFailsNaming("ackgate.journal.directory=", "directory");
		assertFailsNaming("ackgate.relay.enabled=true", "ackgate.relay.host");
		assertFailsNaming("ackgate.relay.protocol=json", "ackgate.relay.protocol");
		assertFailsNaming("ackgate.relay.retry.initial-backoff=20s", "ackgate.relay.retry.max-backoff");
		assertFailsNaming("ackgate.relay.pool-size=0", "poolSize");
	}

	private void assertFailsNaming(String property, String name) {
		this.runner.withPropertyValues(property).run(context -> {
			assertThat(context).hasFailed();
			assertThat(fullMessage(context.getStartupFailure())).contains(name);
		});
	}

	private static String fullMessage(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ LineProperties.class, FramedProperties.class, TimeProperties.class,
			Rfc868Properties.class, UdpProperties.class, ThreadsProperties.class, TransportProperties.class, ShutdownProperties.class, JournalProperties.class,
			RelayProperties.class })
	static class AllProperties {

	}

}
