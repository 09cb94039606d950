package org.ackgate.tcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.ackgate.support.Haproxy;
import org.ackgate.support.RawClient;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ackgate.shutdown.readiness-delay} behind a real HAProxy that health-checks readiness:
 * while one of two services stops with the delay, a client opening a new connection for every
 * line through HAProxy is never refused and gets every ack, because HAProxy sees the 503 and
 * moves new clients to the other service before the stopping one closes its listener.
 */
class ReadinessDelayIntegrationTests {

	@TempDir
	Path directory;

	private static final String[] ONLY_LINE = { "ackgate.framed.enabled=false", "ackgate.time.enabled=false",
			"ackgate.udp.enabled=false" };

	@Test
	void duringAStopWithTheDelayNoNewConnectionIsRefusedAndNoAckLost() throws Exception {
		TestService stopping = TestService.start(concat(ONLY_LINE, "ackgate.shutdown.readiness-delay=2s"));
		try (TestService staying = TestService.start(ONLY_LINE);
				Haproxy haproxy = Haproxy.balancing(this.directory, List.of(
						new Haproxy.Backend(stopping.linePort(), stopping.managementPort()),
						new Haproxy.Backend(staying.linePort(), staying.managementPort())))) {
			AtomicInteger sent = new AtomicInteger();
			AtomicInteger acked = new AtomicInteger();
			AtomicInteger failed = new AtomicInteger();
			AtomicBoolean running = new AtomicBoolean(true);
			StringBuilder failures = new StringBuilder();
			// Threads of their own: the common pool has one thread on two cores, and the client's loop
			// would hold it, so a stop run there would never start.
			ExecutorService threads = Executors.newFixedThreadPool(2);
			CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
				while (running.get()) {
					String line = "n" + sent.incrementAndGet();
					byte[] ack = ("已接收: " + line + "\n").getBytes(StandardCharsets.UTF_8);
					try (RawClient connection = RawClient.connect(haproxy.port())) {
						connection.write(line + "\n");
						if (new String(connection.read(ack.length), StandardCharsets.UTF_8)
							.equals(new String(ack, StandardCharsets.UTF_8))) {
							acked.incrementAndGet();
						}
					}
					catch (IOException ex) {
						failed.incrementAndGet();
						synchronized (failures) {
							failures.append(line).append(": ").append(ex).append('\n');
						}
					}
				}
			}, threads);
			await().atMost(Duration.ofSeconds(30)).until(() -> acked.get() >= 30);
			CompletableFuture<Void> stop = CompletableFuture.runAsync(stopping::close, threads);
			stop.get(60, TimeUnit.SECONDS);
			int afterStop = acked.get();
			await().atMost(Duration.ofSeconds(30)).until(() -> acked.get() >= afterStop + 30 || failed.get() > 0);
			running.set(false);
			client.get(30, TimeUnit.SECONDS);
			threads.shutdown();
			assertThat(failed.get()).as("connections refused or acks lost:\n%s\n%s", failures, haproxy.output()).isZero();
			assertThat(acked.get()).isEqualTo(sent.get());
		}
		finally {
			stopping.close();
		}
	}

	private static String[] concat(String[] first, String... more) {
		String[] all = new String[first.length + more.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(more, 0, all, first.length, more.length);
		return all;
	}

}
