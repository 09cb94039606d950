package org.ackgate.tcp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ConnectionExecutorsTests {

	@Test
	void autoChoosesVirtualThreadsOnJava21AndPlatformThreadsOn17() {
		assertThat(new ConnectionExecutors(ThreadsProperties.Mode.AUTO, 21).isVirtual()).isTrue();
		assertThat(new ConnectionExecutors(ThreadsProperties.Mode.AUTO, 17).isVirtual()).isFalse();
		assertThat(new ConnectionExecutors(ThreadsProperties.Mode.PLATFORM, 25).isVirtual()).isFalse();
	}

	@Test
	void virtualOnJava17FailsWithAClearMessage() {
		assertThatIllegalStateException().isThrownBy(() -> new ConnectionExecutors(ThreadsProperties.Mode.VIRTUAL, 17))
			.withMessageContaining("ackgate.threads.mode=virtual needs Java 21");
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
