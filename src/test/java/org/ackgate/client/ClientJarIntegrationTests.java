package org.ackgate.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.ackgate.support.Jdk25;
import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as a user runs it: {@code java -jar target/ackgate-<v>.jar client …} dispatches
 * to the client (no Spring Boot start, nothing on stdout but data), reads stdin and writes stdout
 * in UTF-8 whatever the locale, and exits with the contract's status. Also on JDK 25 when one is
 * found (see {@link Jdk25}). (Arguments are decoded by the JVM in the locale's charset before the
 * client sees them, so under a C locale non-ASCII messages go through stdin.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TransportIndependent
class ClientJarIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(ClientJarIntegrationTests.class);

	@Test
	void lineAgainstASeedServerOnThisJdk() throws Exception {
		assertLineRoundTrip(Path.of(System.getProperty("java.home"), "bin", "java"));
	}

	@Test
	void lineAgainstASeedServerOnJdk25() throws Exception {
		assertLineRoundTrip(Jdk25.javaOrSkip());
	}

	@Test
	void failureAndUsageStatuses() throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		int port = SeedServer.closedPort();
		Result refused = run(java, "", "client", "framed", "--port", Integer.toString(port), "x");
		assertThat(refused.status()).isEqualTo(1);
		assertThat(refused.out()).isEmpty();
		assertThat(refused.err()).isEqualTo("ackgate: connection refused: 127.0.0.1:" + port + "\n");
		Result usage = run(java, "", "client", "line", "--bogus");
		assertThat(usage.status()).isEqualTo(2);
		assertThat(usage.out()).isEmpty();
		assertThat(usage.err()).startsWith("ackgate: Unknown option: '--bogus'\n");
	}

	private static void assertLineRoundTrip(Path java) throws Exception {
		try (SeedServer server = SeedServer.seed001Line()) {
			long started = System.nanoTime();
			Result result = run(java, "世界\n", "client", "line", "--port", server.portText());
			assertThat(result.status()).isZero();
			assertThat(result.out()).isEqualTo("已接收: 世界\n");
			assertThat(server.readsAsText()).containsExactly("世界\n");
			result = run(java, "", "client", "line", "--port", server.portText(), "hello");
			assertThat(result.status()).isZero();
			assertThat(result.out()).isEqualTo("已接收: hello\n");
			assertThat(result.err()).isEmpty();
			log.info("{}: two client runs took {} ms (JVM start to exit, twice)", java,
					Duration.ofNanos(System.nanoTime() - started).toMillis());
		}
	}

	private static Result run(Path java, String stdin, String... args) {
		List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar().toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		// A C locale must not turn the acks into question marks.
		builder.environment().put("LANG", "C");
		builder.environment().put("LC_ALL", "C");
		try {
			Process process = builder.start();
			try (var input = process.getOutputStream()) {
				input.write(stdin.getBytes(StandardCharsets.UTF_8));
			}
			// A thread per stream: both must drain at once, whatever the common pool's size.
			Executor ownThread = task -> new Thread(task, "client-output").start();
			CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), ownThread);
			CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), ownThread);
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("client did not exit within 60s: " + command);
			}
			// Bounded too: a child the client left behind could hold the pipes open.
			return new Result(process.exitValue(), new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8),
					new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] readAll(java.io.InputStream stream) {
		try {
			return stream.readAllBytes();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path jar() {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter(path -> path.getFileName().toString().matches("ackgate-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no target/ackgate-*.jar: run the package phase first"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Result(int status, String out, String err) {
	}

}
