package org.ackgate.tcp;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import org.ackgate.framed.FramedProperties;
import org.ackgate.line.LineProperties;
import org.ackgate.rfc868.Rfc868Properties;
import org.ackgate.time.TimeProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The one mapping from a TCP endpoint's properties to its connection factory's settings. */
class TcpEndpointPropertiesTests {

	private static <T> T bind(String prefix, Class<T> type, Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, type);
	}

	@Test
	void everyTimeoutLandsInItsOwnSetting() {
		LineProperties line = bind("ackgate.line", LineProperties.class,
				Map.of("ackgate.line.read-timeout", "11s", "ackgate.line.message-timeout", "12s",
						"ackgate.line.write-timeout", "13s"));
		TcpServerSettings settings = line.server();
		assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(11));
		assertThat(settings.messageTimeout()).isEqualTo(Duration.ofSeconds(12));
		assertThat(settings.writeTimeout()).isEqualTo(Duration.ofSeconds(13));
		assertThat(settings.linger()).isZero();
	}

	@Test
	void everyLimitAndAddressLandsInItsOwnSetting() {
		FramedProperties framed = bind("ackgate.framed", FramedProperties.class,
				Map.of("ackgate.framed.port", "7001", "ackgate.framed.bind-address", "127.0.0.1",
						"ackgate.framed.backlog", "17", "ackgate.framed.max-connections", "19",
						"ackgate.framed.max-connections-per-source", "3", "ackgate.framed.max-message-size", "2KB",
						"ackgate.framed.allow", "10.0.0.0/8", "ackgate.framed.ssl.bundle", "edge"));
		TcpServerSettings settings = framed.server();
		assertThat(settings.endpoint()).isEqualTo("framed");
		assertThat(settings.port()).isEqualTo(7001);
		assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
		assertThat(settings.backlog()).isEqualTo(17);
		assertThat(settings.maxConnections()).isEqualTo(19);
		assertThat(settings.maxConnectionsPerSource()).isEqualTo(3);
		assertThat(settings.maxMessageSize()).isEqualTo(2048);
		assertThat(settings.ssl().bundle()).isEqualTo("edge");
		assertThat(settings.allow()).hasToString("[10.0.0.0/8]");
	}

	/*
	 * A connect storm beyond the accept queue waits for the clients' SYN retransmits (1 s, then 2 s):
	 * 10,000 connects took 3.5 s with 1024 against Go's 0.45 s (docs/performance.md).
	 */
	@Test
	void everyEndpointQueuesAsManyConnectsAsTheKernelAllowsByDefault() {
		assertThat(bind("ackgate.line", LineProperties.class, Map.of()).server().backlog()).isEqualTo(4096);
		assertThat(bind("ackgate.framed", FramedProperties.class, Map.of()).server().backlog()).isEqualTo(4096);
		assertThat(bind("ackgate.time", TimeProperties.class, Map.of()).server().backlog()).isEqualTo(4096);
	}

	@Test
	void theAllowListIsParsedOnceWhenThePropertiesBind() {
		LineProperties line = bind("ackgate.line", LineProperties.class, Map.of("ackgate.line.allow", "::1"));
		assertThat(line.allow()).isInstanceOf(AllowList.class).containsExactly("::1");
		assertThat(line.server().allow()).isSameAs(line.allow());
	}

	@Test
	void theTimeEndpointBoundsAMessageByItsReadTimeoutAndLingersAfterTheReply() {
		TimeProperties time = bind("ackgate.time", TimeProperties.class,
				Map.of("ackgate.time.read-timeout", "21s", "ackgate.time.write-timeout", "22s",
						"ackgate.time.linger", "3s"));
		TcpServerSettings settings = time.server();
		assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(21));
		assertThat(settings.messageTimeout()).isEqualTo(Duration.ofSeconds(21));
		assertThat(settings.writeTimeout()).isEqualTo(Duration.ofSeconds(22));
		assertThat(settings.linger()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void rfc868FixesWhatItHasNoKeysFor() {
		Rfc868Properties rfc868 = bind("ackgate.rfc868", Rfc868Properties.class,
				Map.of("ackgate.rfc868.port", "3737", "ackgate.rfc868.max-connections-per-source", "2"));
		TcpServerSettings settings = rfc868.server();
		assertThat(settings.endpoint()).isEqualTo("rfc868");
		assertThat(settings.port()).isEqualTo(3737);
		assertThat(settings.maxConnectionsPerSource()).isEqualTo(2);
		assertThat(settings.maxMessageSize()).isEqualTo(1024);
		assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(settings.messageTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(settings.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.linger()).isEqualTo(Duration.ofSeconds(2));
		assertThat(settings.backlog()).isEqualTo(4096);
		assertThat(settings.maxConnections()).isEqualTo(10_000);
	}

	@Test
	void aTimeoutLeftUnsetIsRefusedNamingIt() {
		TcpServerSettings.Builder builder = TcpServerSettings.forEndpoint("test")
			.backlog(1)
			.maxConnections(1)
			.maxMessageSize(DataSize.ofBytes(1))
			.readTimeout(Duration.ofSeconds(1))
			.writeTimeout(Duration.ofSeconds(1));
		assertThatIllegalStateException().isThrownBy(builder::build).withMessage("test: messageTimeout must be set");
	}

}
