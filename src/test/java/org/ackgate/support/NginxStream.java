package org.ackgate.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * nginx's {@code stream} module in front of one ackgate endpoint, with {@code proxy_protocol on}
 * (nginx sends v1). It runs in the foreground ({@code daemon off}), a single process, with its
 * prefix, pid file and logs in the test's directory. Debian's nginx-light loads the module from
 * libnginx-mod-stream, whose path differs between releases, so both known places are tried.
 */
public final class NginxStream extends Balancer {

	public static final Path BINARY = Path.of("/usr/sbin/nginx");

	private static final List<Path> STREAM_MODULES = List.of(Path.of("/usr/lib/nginx/modules/ngx_stream_module.so"),
			Path.of("/usr/share/nginx/modules/ngx_stream_module.so"));

	private NginxStream(List<String> command, Path directory, String host, int port) throws IOException {
		super(command, directory, host, port);
	}

	/**
	 * @param listenHost where nginx listens ({@code 127.0.0.1} or {@code ::1})
	 * @param serverPort the ackgate endpoint's port on 127.0.0.1
	 * @param proxyProtocol whether nginx sends the PROXY header
	 */
	public static NginxStream start(Path directory, String listenHost, int serverPort, boolean proxyProtocol)
			throws IOException {
		assumeInstalled(BINARY, "nginx-light libnginx-mod-stream");
		Path module = STREAM_MODULES.stream().filter(Files::isReadable).findFirst().orElse(null);
		org.junit.jupiter.api.Assumptions.assumeTrue(module != null,
				"nginx's stream module is not installed at " + STREAM_MODULES
						+ " (Debian: apt-get install libnginx-mod-stream); .ci/run installs it");
		Files.createDirectories(directory.resolve("logs"));
		int port = FreePort.on(listenHost);
		String config = """
				load_module %s;
				daemon off;
				master_process off;
				pid %s;
				error_log stderr info;
				events {
				    worker_connections 1024;
				}
				stream {
				    server {
				        listen %s:%d;
				        proxy_pass 127.0.0.1:%d;
				        proxy_protocol %s;
				        proxy_connect_timeout 5s;
				    }
				}
				""".formatted(module, directory.resolve("nginx.pid"),
				listenHost.contains(":") ? "[" + listenHost + "]" : listenHost, port, serverPort,
				proxyProtocol ? "on" : "off");
		Path file = write(directory, "nginx.conf", config);
		List<String> command = Stream.of(BINARY.toString(), "-p", directory.toString(), "-e", "stderr", "-c", file.toString())
			.toList();
		return new NginxStream(command, directory, listenHost, port);
	}

}
