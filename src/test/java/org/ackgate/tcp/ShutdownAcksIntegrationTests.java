package org.ackgate.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.ackgate.journal.JournalReader;
import org.ackgate.journal.JournalRecord;
import org.ackgate.journal.JournalStorage;
import org.ackgate.support.TestService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A drain that finds acks queued for a client that reads them slowly: every message handed off
 * before the drain still gets its ack, and nothing else does. The journal says what was handed
 * off. The client pipelines far more lines than the socket buffers hold in acks and reads nothing
 * until after the service began to stop, so the service stopped reading its lines with acks waiting
 * in its own output buffer, where a close would throw them away and reset the connection.
 */
class ShutdownAcksIntegrationTests {

	private static final int LINES = 20_000;

	/* Lines of a kilobyte: their acks fill the socket buffers (4 MiB at most here) in a few thousand. */
	private static final String PADDING = "x".repeat(1000);

	@TempDir
	Path directory;

	@Test
	void acksQueuedForAClientThatReadsSlowlyReachItWhenTheServiceStops() throws Exception {
		TestService service = TestService.start("ackgate.framed.enabled=false", "ackgate.time.enabled=false",
				"ackgate.udp.enabled=false", "ackgate.journal.enabled=true", "ackgate.journal.directory=" + this.directory,
				"ackgate.journal.fsync=none", "ackgate.shutdown.grace-period=5s", "ackgate.line.write-timeout=60s");
		Thread stopper = new Thread(service::close, "stopper");
		try (Socket client = new Socket()) {
			client.setReceiveBufferSize(4096);
			client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), service.linePort()), 5000);
			client.setSoTimeout(10_000);
			Counter received = service.context().getBean(MeterRegistry.class)
				.get("ackgate.messages.received").tags("endpoint", "line").counter();
			StringBuilder text = new StringBuilder();
			for (int n = 0; n < LINES; n++) {
				text.append(String.format("l%06d", n)).append(PADDING).append('\n');
			}
			byte[] lines = text.toString().getBytes(StandardCharsets.US_ASCII);
			Thread writer = new Thread(() -> {
				try {
					client.getOutputStream().write(lines);
				}
				catch (IOException ended) {
					// the service stopped reading for good: what it read is what it handed off
				}
			}, "pipelining-writer");
			writer.setDaemon(true);
			writer.start();
			// Once its acks wait, the service reads no more lines: the count holds still.
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(stillAfterItGrew(received));
			assertThat(received.count()).as("lines taken before the acks backed up").isLessThan(LINES);

			stopper.start();
			Thread.sleep(500); // the slow reader: it reads only once the drain has closed the connection
			byte[] got = readToEnd(client.getInputStream());
			stopper.join(Duration.ofSeconds(30).toMillis());
			assertThat(stopper.isAlive()).as("the service stopped").isFalse();

			// Compared by the lines' numbers: a kilobyte each would bury a failure's message.
			List<String> acked = new ArrayList<>();
			for (String ack : (got.length == 0) ? new String[0] : new String(got, StandardCharsets.UTF_8).split("\n")) {
				String number = ack.substring(Math.min(ack.length(), "已接收: ".length()),
						Math.min(ack.length(), "已接收: l000000".length()));
				assertThat(ack).as("ack %d", acked.size()).isEqualTo("已接收: " + number + PADDING);
				acked.add(number);
			}
			List<String> journaled = journaled().stream().map(line -> line.substring(0, "l000000".length())).toList();
			assertThat(acked).as("acked: every message handed off, in order, and no other").isEqualTo(journaled);
		}
		finally {
			if (!stopper.isAlive() && stopper.getState() == Thread.State.NEW) {
				service.close();
			}
		}
	}

	private static Callable<Boolean> stillAfterItGrew(Counter counter) {
		double[] last = { -1 };
		return () -> {
			double now = counter.count();
			boolean still = now > 0 && now == last[0];
			last[0] = now;
			return still;
		};
	}

	/* To the end of the stream, or to the reset that ends it: what arrived is what the client read. */
	private static byte[] readToEnd(InputStream input) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] chunk = new byte[65536];
		try {
			for (int read; (read = input.read(chunk)) >= 0;) {
				all.write(chunk, 0, read);
			}
		}
		catch (IOException reset) {
			// a reset ends what the client gets; the comparison below says what was lost
		}
		return all.toByteArray();
	}

	private List<String> journaled() throws IOException {
		List<String> lines = new ArrayList<>();
		try (JournalReader reader = new JournalReader(this.directory, JournalStorage.FILES, 0)) {
			JournalRecord record;
			while ((record = reader.next(Long.MAX_VALUE)) != null) {
				lines.add(new String(record.payload(), StandardCharsets.UTF_8));
			}
		}
		return lines;
	}

}
