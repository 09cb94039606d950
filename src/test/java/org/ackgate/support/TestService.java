package org.ackgate.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.udp.inbound.AbstractInternetProtocolReceivingChannelAdapter;

import org.ackgate.AckgateApplication;
import org.ackgate.tcp.EndpointServerConnectionFactory;

/**
 * The whole service, started on ephemeral ports for one test class, every listener on loopback
 * only (RFC 868 included, when a test turns it on); the real ports are read from the connection
 * factories once they are bound.
 */
public final class TestService implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private TestService(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Starts the service with every port at 0 plus the given {@code key=value} properties. */
	public static TestService start(String... properties) {
		return new TestService(builder().run(arguments(properties)));
	}

	/** Starts the service with extra configuration classes (test subscribers, for example). */
	public static TestService start(Class<?>[] extraSources, String... properties) {
		return new TestService(builder().sources(extraSources).run(arguments(properties)));
	}

	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(AckgateApplication.class);
	}

	/**
	 * Command-line arguments for every port at 0 plus the given {@code key=value} properties;
	 * arguments, because they override {@code application.yml} where default properties would not.
	 */
	public static String[] arguments(String... properties) {
		List<String> defaults = new ArrayList<>(List.of("ackgate.line.port=0", "ackgate.framed.port=0",
				"ackgate.time.port=0", "ackgate.udp.port=0",
				// The actuator on the service's one web server, as the image and the chart run it: a
				// management port of 0 would differ from the server's for Boot, which then starts a
				// child context with a second web server that production never has.
				"server.port=0", "management.server.port=", "server.address=127.0.0.1",
				"ackgate.line.bind-address=127.0.0.1", "ackgate.framed.bind-address=127.0.0.1",
				"ackgate.time.bind-address=127.0.0.1", "ackgate.udp.bind-address=127.0.0.1",
				// RFC 868 is off by default; a test that turns it on gets loopback and free ports too.
				"ackgate.rfc868.port=0", "ackgate.rfc868.bind-address=127.0.0.1",
				"ackgate.shutdown.grace-period=2s",
				// Every test datagram comes from 127.0.0.1: one source, which the limiter would slow down.
				"ackgate.udp.rate-limit.enabled=false"));
		// One argument per key, the caller's value winning: a repeated argument would bind as a list.
		Map<String, String> byKey = new LinkedHashMap<>();
		for (String property : defaults) {
			byKey.put(property.substring(0, property.indexOf('=')), property);
		}
		for (String property : properties) {
			byKey.put(property.substring(0, property.indexOf('=')), property);
		}
		return byKey.values().stream().map(property -> "--" + property).toArray(String[]::new);
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public int linePort() {
		return tcpPort("lineConnectionFactory");
	}

	public int framedPort() {
		return tcpPort("framedConnectionFactory");
	}

	public int timePort() {
		return tcpPort("timeConnectionFactory");
	}

	/** Where the actuator answers ({@code /actuator/health/readiness}, {@code /actuator/prometheus}). */
	public int managementPort() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	public int udpPort() {
		return this.context.getBean("udp.inbound", AbstractInternetProtocolReceivingChannelAdapter.class).getPort();
	}

	public EndpointServerConnectionFactory factory(String beanName) {
		return this.context.getBean(beanName, EndpointServerConnectionFactory.class);
	}

	private int tcpPort(String beanName) {
		return factory(beanName).getPort();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
