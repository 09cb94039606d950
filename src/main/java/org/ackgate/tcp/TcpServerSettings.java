package org.ackgate.tcp;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * What a TCP endpoint's connection factory needs, whatever the endpoint. Built only through
 * {@link #forEndpoint(String)}'s named setters: the four timeouts are all {@code Duration}s and
 * three limits are all {@code int}s, so a positional constructor would compile with any two of
 * them swapped. {@link TcpEndpointProperties#server()} is the one mapping from properties.
 */
public final class TcpServerSettings {

	/**
	 * Largest read buffer per connection; it starts at 512 bytes and grows only for peers whose
	 * reads fill it, so 16 KiB lines arrive in one or two reads and idle peers hold little.
	 */
	static final int INPUT_BUFFER_SIZE = 64 * 1024;

	/** Write buffer per connection: an ack and its terminator leave in one write; larger acks bypass it. */
	static final int OUTPUT_BUFFER_SIZE = 8192;

	/** The largest message size a property may set: big enough for any device, small enough to bound memory. */
	public static final DataSize MAX_MESSAGE_SIZE_LIMIT = DataSize.ofMegabytes(16);

	private final String endpoint;

	private final int port;

	private final @Nullable String bindAddress;

	private final int backlog;

	private final int maxConnections;

	private final int maxConnectionsPerSource;

	private final int maxMessageSize;

	private final Duration readTimeout;

	private final Duration messageTimeout;

	private final Duration writeTimeout;

	private final Duration linger;

	private final TcpSslProperties ssl;

	private final AllowList allow;

	private final ProxyProtocolProperties proxyProtocol;

	private final Duration maxConnectionAge;

	private final int maxConnectionAgeJitter;

	private TcpServerSettings(Builder builder) {
		this.endpoint = builder.endpoint;
		this.port = builder.port;
		this.bindAddress = builder.bindAddress;
		this.backlog = builder.backlog;
		this.maxConnections = builder.maxConnections;
		this.maxConnectionsPerSource = builder.maxConnectionsPerSource;
		this.maxMessageSize = builder.maxMessageSize;
		this.readTimeout = required(builder.readTimeout, "readTimeout");
		this.messageTimeout = required(builder.messageTimeout, "messageTimeout");
		this.writeTimeout = required(builder.writeTimeout, "writeTimeout");
		this.linger = builder.linger;
		this.ssl = builder.ssl;
		this.allow = builder.allow;
		this.proxyProtocol = builder.proxyProtocol;
		this.maxConnectionAge = builder.maxConnectionAge;
		this.maxConnectionAgeJitter = builder.maxConnectionAgeJitter;
		if (this.backlog < 1 || this.maxConnections < 1 || this.maxMessageSize < 1) {
			throw new IllegalStateException(this.endpoint + ": backlog, maxConnections and maxMessageSize must be set");
		}
	}

	private <T> T required(@Nullable T value, String name) {
		if (value == null) {
			throw new IllegalStateException(this.endpoint + ": " + name + " must be set");
		}
		return value;
	}

	/** Starts the settings of the endpoint with this name (used in thread names, logs and metric tags). */
	public static Builder forEndpoint(String endpoint) {
		return new Builder(endpoint);
	}

	/**
	 * Validates a {@code max-message-size} property in a properties record's constructor.
	 * @throws IllegalArgumentException naming the property when the size is out of range
	 */
	public static void checkMessageSize(String property, @Nullable DataSize size) {
		if (size != null && (size.toBytes() < 1 || size.compareTo(MAX_MESSAGE_SIZE_LIMIT) > 0)) {
			throw new IllegalArgumentException(property + " must be between 1B and " + MAX_MESSAGE_SIZE_LIMIT
					+ ", was " + size);
		}
	}

	/**
	 * The allow-list of an {@code allow} property: the list itself when a properties record's
	 * constructor parsed it already, otherwise parsed now.
	 * @throws IllegalArgumentException naming the property and the entry when an entry is not a CIDR block
	 */
	public static AllowList allowList(String property, @Nullable List<String> entries) {
		if (entries instanceof AllowList parsed) {
			return parsed;
		}
		return (entries != null) ? AllowList.parse(property, entries) : AllowList.ANYONE;
	}

	/** The endpoint's name, used in thread names, logs and metric tags. */
	public String endpoint() {
		return this.endpoint;
	}

	/** The port to listen on, 0 for any free port. */
	public int port() {
		return this.port;
	}

	/** The address to listen on, {@code null} for every interface. */
	public @Nullable String bindAddress() {
		return this.bindAddress;
	}

	/** The accept queue length. */
	public int backlog() {
		return this.backlog;
	}

	/** Connections served at once. */
	public int maxConnections() {
		return this.maxConnections;
	}

	/** Connections served at once from one source address, 0 for no limit. */
	public int maxConnectionsPerSource() {
		return this.maxConnectionsPerSource;
	}

	/** The longest message accepted, in bytes. */
	public int maxMessageSize() {
		return this.maxMessageSize;
	}

	/** How long a connection may stay silent. */
	public Duration readTimeout() {
		return this.readTimeout;
	}

	/** How long a message may take from its first byte to its last. */
	public Duration messageTimeout() {
		return this.messageTimeout;
	}

	/** How long a write may block on a peer that does not read. */
	public Duration writeTimeout() {
		return this.writeTimeout;
	}

	/** How long to wait for the peer's close after the server shut its output down. */
	public Duration linger() {
		return this.linger;
	}

	/** TLS, or {@link TcpSslProperties#NONE} for plain TCP. */
	public TcpSslProperties ssl() {
		return this.ssl;
	}

	/** The source addresses served; others are closed at accept. */
	public AllowList allow() {
		return this.allow;
	}

	/** The PROXY protocol from a load balancer, or {@link ProxyProtocolProperties#OFF}. */
	public ProxyProtocolProperties proxyProtocol() {
		return this.proxyProtocol;
	}

	/** A connection open this long is closed after its next ack; zero never. */
	public Duration maxConnectionAge() {
		return this.maxConnectionAge;
	}

	/** How far each connection's age limit is spread, in percent either way. */
	public int maxConnectionAgeJitter() {
		return this.maxConnectionAgeJitter;
	}

	@Override
	public String toString() {
		return "TcpServerSettings[" + this.endpoint + " port " + this.port + ", read " + this.readTimeout
				+ ", message " + this.messageTimeout + ", write " + this.writeTimeout + ", linger " + this.linger
				+ ", max " + this.maxConnections + " connections (" + this.maxConnectionsPerSource + " per source), "
				+ this.maxMessageSize + " B messages]";
	}

	/** Named setters, one per setting; linger, TLS, the allow-list and the per-source limit have defaults. */
	public static final class Builder {

		private final String endpoint;

		private int port;

		private @Nullable String bindAddress;

		private int backlog;

		private int maxConnections;

		private int maxConnectionsPerSource;

		private int maxMessageSize;

		private @Nullable Duration readTimeout;

		private @Nullable Duration messageTimeout;

		private @Nullable Duration writeTimeout;

		private Duration linger = Duration.ZERO;

		private TcpSslProperties ssl = TcpSslProperties.NONE;

		private AllowList allow = AllowList.ANYONE;

		private ProxyProtocolProperties proxyProtocol = ProxyProtocolProperties.OFF;

		private Duration maxConnectionAge = Duration.ZERO;

		private int maxConnectionAgeJitter;

		private Builder(String endpoint) {
			this.endpoint = endpoint;
		}

		public Builder port(int port) {
			this.port = port;
			return this;
		}

		public Builder bindAddress(@Nullable String bindAddress) {
			this.bindAddress = bindAddress;
			return this;
		}

		public Builder backlog(int backlog) {
			this.backlog = backlog;
			return this;
		}

		public Builder maxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
			return this;
		}

		public Builder maxConnectionsPerSource(int maxConnectionsPerSource) {
			this.maxConnectionsPerSource = maxConnectionsPerSource;
			return this;
		}

		public Builder maxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = (int) maxMessageSize.toBytes();
			return this;
		}

		public Builder readTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
			return this;
		}

		public Builder messageTimeout(Duration messageTimeout) {
			this.messageTimeout = messageTimeout;
			return this;
		}

		public Builder writeTimeout(Duration writeTimeout) {
			this.writeTimeout = writeTimeout;
			return this;
		}

		public Builder linger(Duration linger) {
			this.linger = linger;
			return this;
		}

		public Builder ssl(TcpSslProperties ssl) {
			this.ssl = ssl;
			return this;
		}

		public Builder allow(AllowList allow) {
			this.allow = allow;
			return this;
		}

		public Builder proxyProtocol(ProxyProtocolProperties proxyProtocol) {
			this.proxyProtocol = proxyProtocol;
			return this;
		}

		/** @param jitterPercent how far each connection's limit is spread, in percent either way */
		public Builder maxConnectionAge(Duration age, int jitterPercent) {
			this.maxConnectionAge = age;
			this.maxConnectionAgeJitter = jitterPercent;
			return this;
		}

		/** @throws IllegalStateException when a setting without a default was not set */
		public TcpServerSettings build() {
			return new TcpServerSettings(this);
		}

	}

}
