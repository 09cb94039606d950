package org.ackgate.tcp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import org.ackgate.framed.FramedProperties;
import org.ackgate.line.LineProperties;
import org.ackgate.rfc868.Rfc868Properties;
import org.ackgate.time.TimeProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The {@code ackgate.<endpoint>.proxy-protocol.*} keys: defaults, the mapping, and the checks that stop startup. */
class ProxyProtocolPropertiesTests {

	private static <T> T bind(String prefix, Class<T> type, Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, type);
	}

	@Test
	void offByDefaultWithAThreeSecondHeaderTimeout() {
		ProxyProtocolProperties proxy = bind("ackgate.line", LineProperties.class, Map.of()).server().proxyProtocol();
		assertThat(proxy.enabled()).isFalse();
		assertThat(proxy.headerTimeout()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void everyTcpEndpointTakesTheKeys() throws Exception {
		Map<String, Class<? extends TcpEndpointProperties>> endpoints = Map.of("line", LineProperties.class, "framed",
				FramedProperties.class, "time", TimeProperties.class, "rfc868", Rfc868Properties.class);
		for (Map.Entry<String, Class<? extends TcpEndpointProperties>> endpoint : endpoints.entrySet()) {
			String prefix = "ackgate." + endpoint.getKey() + ".proxy-protocol.";
			ProxyProtocolProperties proxy = bind("ackgate." + endpoint.getKey(), endpoint.getValue(),
					Map.of(prefix + "enabled", "true", prefix + "trusted", "10.0.0.0/8,2001:db8::/32",
							prefix + "header-timeout", "750ms"))
				.server()
				.proxyProtocol();
			assertThat(proxy.enabled()).as(endpoint.getKey()).isTrue();
			assertThat(proxy.headerTimeout()).isEqualTo(Duration.ofMillis(750));
			assertThat(proxy.trustedList().allows(InetAddress.getByName("10.9.8.7"))).isTrue();
			assertThat(proxy.trustedList().allows(InetAddress.getByName("2001:db8::5"))).isTrue();
			assertThat(proxy.trustedList().allows(InetAddress.getByName("192.0.2.1"))).isFalse();
		}
	}

	@Test
	void enabledWithoutTrustedBalancersStopsStartupNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind("ackgate.framed", FramedProperties.class,
					Map.of("ackgate.framed.proxy-protocol.enabled", "true")))
			.havingRootCause()
			.withMessageStartingWith("ackgate.framed.proxy-protocol.trusted must list the load balancers' addresses");
	}

	@Test
	void aTrustedEntryThatIsNoCidrBlockStopsStartupNamingIt() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind("ackgate.time", TimeProperties.class,
					Map.of("ackgate.time.proxy-protocol.enabled", "true", "ackgate.time.proxy-protocol.trusted",
							"10.0.0.0/8,balancer.example")))
			.withStackTraceContaining("ackgate.time.proxy-protocol.trusted[1] 'balancer.example' is not a CIDR block");
	}

}
