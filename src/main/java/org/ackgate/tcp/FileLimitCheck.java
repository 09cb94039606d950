package org.ackgate.tcp;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Says at startup when the process may open fewer files than the TCP endpoints may hold
 * connections, as nginx does for its worker_connections: each connection is a file descriptor,
 * so such a service runs out of descriptors before its max-connections, and its accepts then fail
 * until connections close ({@link AcceptShortage}). A warning, not a failure: the limit may
 * never be reached, and it is the host's, not a setting of ackgate's.
 */
final class FileLimitCheck implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(FileLimitCheck.class);

	/** Descriptors the JVM and the rest of the service keep open besides connections: jars, the actuator, logs. */
	static final int HEADROOM = 256;

	private final Supplier<List<TcpServerSettings>> endpoints;

	private final LongSupplier fileLimit;

	/** Both read once every bean exists, so that this check changes nothing in the order beans are made. */
	FileLimitCheck(Supplier<List<TcpServerSettings>> endpoints, LongSupplier fileLimit) {
		this.endpoints = endpoints;
		this.fileLimit = fileLimit;
	}

	@Override
	public void afterSingletonsInstantiated() {
		String shortfall = shortfall(this.endpoints.get(), this.fileLimit.getAsLong());
		if (shortfall != null) {
			log.warn(shortfall);
		}
	}

	/** The warning, or null when the limit leaves room for every connection (or is not known). */
	static @Nullable String shortfall(List<TcpServerSettings> endpoints, long fileLimit) {
		long connections = endpoints.stream().mapToLong(TcpServerSettings::maxConnections).sum();
		if (fileLimit < 0 || endpoints.isEmpty() || connections + HEADROOM <= fileLimit) {
			return null;
		}
		String each = endpoints.stream()
			.map(settings -> settings.endpoint() + " " + settings.maxConnections())
			.collect(Collectors.joining(", "));
		return "The TCP endpoints may hold " + connections + " connections (max-connections: " + each
				+ "), each a file descriptor, but this process may open only " + fileLimit
				+ " files: past about " + Math.max(0, fileLimit - HEADROOM)
				+ " connections, accepts will fail until some close. Raise ulimit -n (systemd's LimitNOFILE, the "
				+ "container runtime's nofile) or lower max-connections";
	}

}
