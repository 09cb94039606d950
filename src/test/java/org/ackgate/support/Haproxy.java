package org.ackgate.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * HAProxy in TCP mode in front of one ackgate endpoint, sending the PROXY header as configured:
 * {@code send-proxy} (v1) or {@code send-proxy-v2}, optionally with {@code ssl} to a TLS endpoint
 * and a client certificate, and optionally health-checking the service's readiness over HTTP.
 * <p>
 * Stopping it (the test's close) sends SIGTERM: HAProxy's hard stop, which is all a test needs.
 */
public final class Haproxy extends Balancer {

	public static final Path BINARY = Path.of("/usr/sbin/haproxy");

	private Haproxy(List<String> command, Path directory, String host, int port) throws IOException {
		super(command, directory, host, port);
	}

	/** What HAProxy sends to the server ahead of the client's bytes. */
	public enum Header {

		/** No PROXY header: the server sees HAProxy's address. */
		NONE(""),
		/** The text form. */
		V1(" send-proxy"),
		/** The binary form. */
		V2(" send-proxy-v2");

		private final String option;

		Header(String option) {
			this.option = option;
		}

	}

	/**
	 * @param listenHost where HAProxy listens ({@code 127.0.0.1} or {@code ::1})
	 * @param serverPort the ackgate endpoint's port on 127.0.0.1
	 * @param tls {@code ssl ...} options for the server line (for example
	 * {@code "ssl verify required ca-file ca.pem crt client.pem"}), or {@code null} for plain TCP
	 * @param readinessCheckPort the management port to health-check readiness on, or 0 for no check
	 */
	public static Haproxy start(Path directory, String listenHost, Header header, int serverPort, @Nullable String tls,
			int readinessCheckPort) throws IOException {
		assumeInstalled(BINARY, "haproxy");
		Files.createDirectories(directory);
		int port = FreePort.on(listenHost);
		StringBuilder config = new StringBuilder(frontend(listenHost, port));
		if (readinessCheckPort > 0) {
			config.append("    option httpchk GET /actuator/health/readiness\n");
		}
		config.append("    server s1 127.0.0.1:").append(serverPort).append(header.option);
		if (tls != null) {
			config.append(' ').append(tls);
		}
		if (readinessCheckPort > 0) {
			config.append(" check port ").append(readinessCheckPort).append(" inter 100ms fall 1 rise 1 no-check-ssl");
		}
		config.append('\n');
		Path file = write(directory, "haproxy.cfg", config.toString());
		List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-db", "-f", file.toString()));
		return new Haproxy(command, directory, listenHost, port);
	}

	/**
	 * A server behind {@link #balancing}: its TCP port and the management port whose readiness is checked.
	 * @param port the endpoint's port on 127.0.0.1
	 * @param managementPort where {@code /actuator/health/readiness} answers
	 */
	public record Backend(int port, int managementPort) {
	}

	/**
	 * Round robin over several services, each health-checked on its readiness every 100 ms and taken
	 * out at its first 503, without a PROXY header.
	 */
	public static Haproxy balancing(Path directory, List<Backend> backends) throws IOException {
		assumeInstalled(BINARY, "haproxy");
		Files.createDirectories(directory);
		int port = FreePort.on("127.0.0.1");
		StringBuilder config = new StringBuilder(frontend("127.0.0.1", port))
			.append("    balance roundrobin\n    option httpchk GET /actuator/health/readiness\n");
		for (int i = 0; i < backends.size(); i++) {
			Backend backend = backends.get(i);
			config.append("    server s").append(i).append(" 127.0.0.1:").append(backend.port())
				.append(" check port ").append(backend.managementPort()).append(" inter 100ms fall 1 rise 2\n");
		}
		Path file = write(directory, "haproxy.cfg", config.toString());
		return new Haproxy(List.of(BINARY.toString(), "-db", "-f", file.toString()), directory, "127.0.0.1", port);
	}

	/** TCP mode, a frontend on the port, and the head of the {@code ackgate} backend, whose servers follow. */
	private static String frontend(String listenHost, int port) {
		return """
				global
				    maxconn 2000
				defaults
				    mode tcp
				    timeout connect 5s
				    timeout client 60s
				    timeout server 60s
				    timeout check 2s
				frontend in
				    bind %s:%d
				    default_backend ackgate
				backend ackgate
				""".formatted(listenHost.contains(":") ? "[" + listenHost + "]" : listenHost, port);
	}

	/** A plain TCP balancer without health checks. */
	public static Haproxy start(Path directory, Header header, int serverPort) throws IOException {
		return start(directory, "127.0.0.1", header, serverPort, null, 0);
	}

}
