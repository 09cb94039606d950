package org.ackgate.tcp;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * What a TCP endpoint's connection factory needs, whatever the endpoint; each endpoint's
 * properties record produces one.
 * @param endpoint the endpoint's name, used in thread names, logs and metric tags
 * @param port the port to listen on, 0 for any free port
 * @param bindAddress the address to listen on, {@code null} for every interface
 * @param readTimeout how long a connection may stay silent
 * @param writeTimeout how long a write may block on a peer that does not read
 * @param maxMessageSize the longest message accepted, in bytes
 * @param backlog the accept queue length
 * @param maxConnections connections served at once
 * @param linger how long to wait for the peer's close after the server shut its output down
 * @param messageTimeout how long a message may take from its first byte to its last
 */
public record TcpServerSettings(String endpoint, int port, @Nullable String bindAddress, Duration readTimeout,
		Duration writeTimeout, int maxMessageSize, int backlog, int maxConnections, Duration linger,
		Duration messageTimeout) {

	/**
	 * Largest read buffer per connection; it starts at 512 bytes and grows only for peers whose
	 * reads fill it, so 16 KiB lines arrive in one or two reads and idle peers hold little.
	 */
	static final int INPUT_BUFFER_SIZE = 64 * 1024;

	/** Write buffer per connection: an ack and its terminator leave in one write; larger acks bypass it. */
	static final int OUTPUT_BUFFER_SIZE = 8192;

	/** The largest message size a property may set: big enough for any device, small enough to bound memory. */
	public static final DataSize MAX_MESSAGE_SIZE_LIMIT = DataSize.ofMegabytes(16);

	/**
	 * Validates a {@code max-message-size} property in a properties record's constructor.
	 * @throws IllegalArgumentException naming the property when the size is out of range
	 */
	public static void checkMessageSize(String property, DataSize size) {
		if (size != null && (size.toBytes() < 1 || size.compareTo(MAX_MESSAGE_SIZE_LIMIT) > 0)) {
			throw new IllegalArgumentException(property + " must be between 1B and " + MAX_MESSAGE_SIZE_LIMIT
					+ ", was " + size);
		}
	}

}
