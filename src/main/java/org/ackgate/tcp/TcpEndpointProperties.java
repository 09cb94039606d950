package org.ackgate.tcp;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * What every TCP endpoint's properties record holds, and the one mapping from it to the
 * endpoint's {@link TcpServerSettings}. The components stay in each record, because each
 * endpoint's keys sit flat under its own prefix ({@code ackgate.line.read-timeout}); their checks
 * and their mapping live here.
 */
public interface TcpEndpointProperties {

	/** The endpoint's name: the middle of its {@code ackgate.<name>.*} keys, and its metric tag. */
	String endpoint();

	boolean enabled();

	int port();

	@Nullable String bindAddress();

	Duration readTimeout();

	/** How long a message may take from its first byte to its last. */
	Duration messageTimeout();

	Duration writeTimeout();

	DataSize maxMessageSize();

	int backlog();

	int maxConnections();

	TcpSslProperties ssl();

	/** The allow-list, parsed when the record was bound (see {@link #checked}). */
	List<String> allow();

	int maxConnectionsPerSource();

	/** The PROXY protocol from a load balancer in front, checked when the record was bound. */
	ProxyProtocolProperties proxyProtocol();

	/** How long to read a client's leftovers after the reply and a half-close; zero where nothing half-closes. */
	default Duration linger() {
		return Duration.ZERO;
	}

	/** A connection open this long is closed after its next ack; zero (the default) never. */
	default Duration maxConnectionAge() {
		return Duration.ZERO;
	}

	/** How far each connection's age limit is spread, in percent either way. */
	default int maxConnectionAgeJitter() {
		return 0;
	}

	/** The settings of this endpoint's connection factory. */
	default TcpServerSettings server() {
		return TcpServerSettings.forEndpoint(endpoint())
			.port(port())
			.bindAddress(bindAddress())
			.backlog(backlog())
			.maxConnections(maxConnections())
			.maxConnectionsPerSource(maxConnectionsPerSource())
			.maxMessageSize(maxMessageSize())
			.readTimeout(readTimeout())
			.messageTimeout(messageTimeout())
			.writeTimeout(writeTimeout())
			.linger(linger())
			.ssl(ssl())
			.allow(TcpServerSettings.allowList(property(endpoint(), "allow"), allow()))
			.proxyProtocol(proxyProtocol())
			.maxConnectionAge(maxConnectionAge(), maxConnectionAgeJitter())
			.build();
	}

	/**
	 * The checks every TCP endpoint's record runs in its constructor, so a bad setting stops
	 * startup with one line naming the property.
	 * @param maxMessageSize the bound size, or {@code null} for an endpoint without the key
	 * @return the allow-list, parsed once; the record keeps it as its {@code allow} component
	 * @throws IllegalArgumentException naming the property when a value is out of range
	 */
	static AllowList checked(String endpoint, @Nullable DataSize maxMessageSize, @Nullable List<String> allow) {
		TcpServerSettings.checkMessageSize(property(endpoint, "max-message-size"), maxMessageSize);
		return TcpServerSettings.allowList(property(endpoint, "allow"), allow);
	}

	/**
	 * The check of the {@code proxy-protocol} keys, run in each record's constructor.
	 * @return the properties with the trusted list parsed; the record keeps them
	 * @throws IllegalArgumentException naming the property when the trusted list is missing or bad
	 */
	static ProxyProtocolProperties checked(String endpoint, @Nullable ProxyProtocolProperties proxyProtocol) {
		return ((proxyProtocol != null) ? proxyProtocol : ProxyProtocolProperties.OFF)
			.checked(property(endpoint, "proxy-protocol"));
	}

	private static String property(String endpoint, String key) {
		return "ackgate." + endpoint + "." + key;
	}

}
