package org.ackgate.tcp;

import org.junit.jupiter.api.Test;

import org.ackgate.system.SettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConnectionExecutorsTests {

	@Test
	void autoChoosesVirtualThreadsOnJava21AndPlatformThreadsOn17() {
		assertThat(new ConnectionExecutors(ThreadsProperties.Mode.AUTO, 21).isVirtual()).isTrue();
		assertThat(new ConnectionExecutors(ThreadsProperties.Mode.AUTO, 17).isVirtual()).isFalse();
		assertThat(new ConnectionExecutors(ThreadsProperties.Mode.PLATFORM, 25).isVirtual()).isFalse();
	}

	@Test
	void theStartupLineSaysWhatTheThreadsServeOnEachTransport() {
		assertThat(new ConnectionExecutors(ThreadsProperties.Mode.AUTO, 25)
			.describe(TransportProperties.Transport.EVENT_LOOP))
			.isEqualTo("The time endpoints' connections, and ack messages handed off the event loops, are served by "
					+ "virtual threads, one per connection (Java 25, ackgate.threads.mode=auto)");
		assertThat(new ConnectionExecutors(ThreadsProperties.Mode.AUTO, 17)
			.describe(TransportProperties.Transport.BLOCKING))
			.isEqualTo("TCP connections are served by platform threads, one per connection, bounded by each "
					+ "endpoint's max-connections (Java 17, ackgate.threads.mode=auto)");
	}

	@Test
	void virtualOnJava17FailsWithAClearMessage() {
		assertThatExceptionOfType(SettingException.class)
			.isThrownBy(() -> new ConnectionExecutors(ThreadsProperties.Mode.VIRTUAL, 17))
			.withMessage("ackgate.threads.mode=virtual needs Java 21 or later; this is Java 17")
			.satisfies(ex -> assertThat(ex.property()).isEqualTo("ackgate.threads.mode"));
	}

	@Test
	void platformPoolIsBoundedByTheConnectionLimit() throws Exception {
		ConnectionExecutors executors = new ConnectionExecutors(ThreadsProperties.Mode.PLATFORM, 17);
		try {
			assertThat(executors.forEndpoint("line", 10)).isInstanceOfSatisfying(
					java.util.concurrent.ThreadPoolExecutor.class,
					pool -> assertThat(pool.getMaximumPoolSize()).isBetween(10, 20));
		}
		finally {
			executors.destroy();
		}
	}

}
