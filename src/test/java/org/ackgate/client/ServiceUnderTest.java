package org.ackgate.client;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.udp.inbound.AbstractInternetProtocolReceivingChannelAdapter;

import org.ackgate.AckgateApplication;
import org.ackgate.tcp.ConnectionObserver;
import org.ackgate.tcp.EndpointServerConnectionFactory;

/**
 * The whole service, started the way it runs (actuator included) on free ports, with a fixed
 * clock so the time endpoints' answers can be asserted exactly. One instance serves every test
 * class that asks for it; the JVM's shutdown closes it.
 */
public final class ServiceUnderTest {

	/** The time both time endpoints tell: {@code 2024-07-19T09:37:05Z} in RFC 3339. */
	static final Instant NOW = Instant.parse("2024-07-19T09:37:05Z");

	static final String NOW_RFC3339 = "2024-07-19T09:37:05Z";

	private static ServiceUnderTest shared;

	private final ConfigurableApplicationContext context;

	/** Receipts the framed endpoint has counted since the start. */
	final AtomicInteger receipts = new AtomicInteger();

	private ServiceUnderTest(ConfigurableApplicationContext context) {
		this.context = context;
		framedFactory().events().addObserver(new ConnectionObserver() {
			@Override
			public void receipt(String endpoint) {
				ServiceUnderTest.this.receipts.incrementAndGet();
			}
		});
	}

	public static synchronized ServiceUnderTest get() {
		if (shared == null) {
			shared = new ServiceUnderTest(start());
		}
		return shared;
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(AckgateApplication.class)
			.initializers(context -> context.getBeanFactory().registerSingleton("clock", Clock.fixed(NOW, ZoneOffset.UTC)))
			// Arguments, not default properties: application.yml would override those.
			.run("--ackgate.line.port=0", "--ackgate.framed.port=0", "--ackgate.time.port=0", "--ackgate.udp.port=0",
					"--ackgate.line.bind-address=127.0.0.1", "--ackgate.framed.bind-address=127.0.0.1",
					"--ackgate.time.bind-address=127.0.0.1", "--ackgate.udp.bind-address=127.0.0.1",
					// the load comes from one address, which the per-source limit would throttle
					"--ackgate.udp.rate-limit.enabled=false",
					// the actuator on the one web server, as in production, on loopback
					"--server.port=0", "--management.server.port=", "--server.address=127.0.0.1",
					"--ackgate.time.linger=200ms",
					// the client is what is tested; the server's transport has its own tests on both
					"--ackgate.tcp.transport=event-loop");
	}

	public String linePort() {
		return Integer.toString(this.context.getBean("lineConnectionFactory", EndpointServerConnectionFactory.class).getPort());
	}

	public String framedPort() {
		return Integer.toString(framedFactory().getPort());
	}

	public String timePort() {
		return Integer.toString(this.context.getBean("timeConnectionFactory", EndpointServerConnectionFactory.class).getPort());
	}

	public String udpPort() {
		return Integer.toString(this.context.getBean("udp.inbound", AbstractInternetProtocolReceivingChannelAdapter.class).getPort());
	}

	private EndpointServerConnectionFactory framedFactory() {
		return this.context.getBean("framedConnectionFactory", EndpointServerConnectionFactory.class);
	}

}
