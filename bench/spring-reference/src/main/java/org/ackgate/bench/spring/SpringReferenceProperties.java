package org.ackgate.bench.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the Spring Boot reference listens; bench/run.sh gives each key on the command line. The
 * Actuator's port is Boot's own {@code server.port}.
 *
 * @param address the address both endpoints bind to (default {@code 127.0.0.1})
 * @param linePort the TCP line-ack port (default {@code 8080})
 * @param udpPort the UDP time port (default {@code 8123})
 */
@ConfigurationProperties("reference")
public record SpringReferenceProperties(@DefaultValue("127.0.0.1") String address, @DefaultValue("8080") int linePort,
		@DefaultValue("8123") int udpPort) {
}
