package org.ackgate.tcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A connect storm costs a summary line a second, while the observers (metrics) hear every event. */
class ConnectionEventsTests {

	private static final long SECOND = 1_000_000_000L;

	private final AtomicLong now = new AtomicLong(1);

	private final ConnectionEvents events = new ConnectionEvents("line", this.now::get);

	private final AtomicInteger opened = new AtomicInteger();

	private final AtomicInteger closed = new AtomicInteger();

	private final AtomicInteger failedAccepts = new AtomicInteger();

	private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(ConnectionEvents.class);

	private final Peer peer = new Peer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000), null);

	@BeforeEach
	void capture() {
		this.lines.start();
		this.logger.addAppender(this.lines);
		this.events.addObserver(new ConnectionObserver() {

			@Override
			public void opened(String endpoint) {
				ConnectionEventsTests.this.opened.incrementAndGet();
			}

			@Override
			public void closed(String endpoint, CloseReason reason) {
				ConnectionEventsTests.this.closed.incrementAndGet();
			}

			@Override
			public void acceptFailed(String endpoint) {
				ConnectionEventsTests.this.failedAccepts.incrementAndGet();
			}

		});
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.lines);
	}

	private List<String> messages() {
		return this.lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

	@Test
	void atANormalRateEveryConnectionGetsItsOpenAndCloseLines() {
		for (int i = 0; i < 20; i++) {
			this.events.opened(this.peer, "c" + i);
			this.events.closed(this.peer, "c" + i, CloseReason.CLIENT, "closed by the client");
			this.now.addAndGet(SECOND / 10);
		}
		this.events.logStormSummaryIfDue();
		assertThat(messages()).hasSize(40)
			.filteredOn(line -> line.startsWith("line connection opened from 127.0.0.1:40000"))
			.hasSize(20);
		assertThat(this.opened).hasValue(20);
	}

	@Test
	void aConnectStormIsSummedUpOnceASecondWithExactCounts() {
		int storm = 10_000;
		for (int i = 0; i < storm; i++) {
			this.events.opened(this.peer, "c" + i);
			this.events.closed(this.peer, "c" + i, (i % 10 == 0) ? CloseReason.IDLE : CloseReason.CLIENT, "gone");
		}
		assertThat(this.opened).hasValue(storm);
		assertThat(this.closed).hasValue(storm);
		assertThat(messages()).hasSize(ConnectionEvents.LIFECYCLE_LINES_PER_SECOND);
		this.now.addAndGet(SECOND);
		this.events.logStormSummaryIfDue();
		List<String> messages = messages();
		assertThat(messages).hasSize(ConnectionEvents.LIFECYCLE_LINES_PER_SECOND + 1);
		int each = ConnectionEvents.LIFECYCLE_LINES_PER_SECOND / 2;
		assertThat(messages.get(messages.size() - 1)).isEqualTo("line connections opened faster than 100 log lines a "
				+ "second: " + (storm - each) + " more opened and " + (storm - each) + " more closed (client "
				+ (9_000 - 45) + ", idle " + (1_000 - 5) + ") without a line each; the metrics count every one");
		this.events.opened(this.peer, "after");
		assertThat(messages()).last().isEqualTo("line connection opened from 127.0.0.1:40000");
	}

	@Test
	void acceptsFailingForWantOfFileDescriptorsAreCountedEachAndLoggedOnceInTenSecondsThenTheRecovery() {
		AcceptShortage shortage = new AcceptShortage("EMFILE");
		for (int i = 0; i < 150; i++) { // 15 s of failures, one each 100 ms
			this.events.acceptFailed(shortage);
			this.now.addAndGet(SECOND / 10);
		}
		this.events.opened(this.peer, "c1");
		assertThat(this.failedAccepts).hasValue(150);
		List<String> lines = messages().stream().filter(line -> line.contains("accept")).toList();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).startsWith("line endpoint cannot accept connections: the process has no file "
				+ "descriptors left (Too many open files; ")
			.endsWith("raise ulimit -n or systemd's LimitNOFILE, or lower max-connections); trying again every 100 ms "
					+ "while new connections wait in the listen backlog");
		assertThat(lines.get(1)).endsWith("(99 more failed accepts since the last line)");
		assertThat(lines.get(2)).isEqualTo("line endpoint accepts connections again, after 150 failed accepts over 15000 ms");
	}

	@Test
	void aShortageWhoseLineWasHeldBackEndsWithoutARecoveryLine() {
		AcceptShortage shortage = new AcceptShortage("EMFILE");
		this.events.acceptFailed(shortage);
		this.events.opened(this.peer, "c1");
		this.events.acceptFailed(shortage);
		this.events.acceptFailed(shortage);
		this.events.opened(this.peer, "c2");
		assertThat(messages()).filteredOn(line -> line.contains("accept")).hasSize(2)
			.last()
			.isEqualTo("line endpoint accepts connections again, after 1 failed accepts over 0 ms");
		assertThat(this.failedAccepts).hasValue(3);
	}

}
