package org.ackgate.tcp;

import java.io.IOException;
import java.net.SocketException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptShortageTests {

	@Test
	void theJdksAndNettysTextsForOutOfFileDescriptorsAreAShortage() {
		assertThat(AcceptShortage.of(new IOException("Too many open files"))).isEqualTo(new AcceptShortage("EMFILE"));
		// Netty's native transports: Errors.newIOException's text, as logged from io_uring and epoll
		assertThat(AcceptShortage.of(new IOException("io_uring accept(..) failed with error(-24): Too many open files")))
			.isEqualTo(new AcceptShortage("EMFILE"));
		assertThat(AcceptShortage.of(new IOException("accept(..) failed: Too many open files in system")))
			.isEqualTo(new AcceptShortage("ENFILE"));
		assertThat(AcceptShortage.of(new IOException("accept(..) failed: No buffer space available")))
			.isEqualTo(new AcceptShortage("ENOBUFS"));
		assertThat(AcceptShortage.of(new SocketException("Cannot allocate memory")))
			.isEqualTo(new AcceptShortage("ENOMEM"));
	}

	@Test
	void aShortageIsFoundAmongTheCauses() {
		assertThat(AcceptShortage.of(new IllegalStateException("accept", new IOException("Too many open files"))))
			.isEqualTo(new AcceptShortage("EMFILE"));
	}

	@Test
	void otherFailuresAreNotAShortage() {
		assertThat(AcceptShortage.of(new SocketException("Socket closed"))).isNull();
		assertThat(AcceptShortage.of(new IOException("accept(..) failed: Invalid argument"))).isNull();
		assertThat(AcceptShortage.of(new IOException())).isNull();
	}

	@Test
	void theTextSaysWhatRanOutAndWhatToChange() {
		assertThat(new AcceptShortage("EMFILE").describe(1024)).isEqualTo("the process has no file descriptors left "
				+ "(Too many open files; it may open 1024; raise ulimit -n or systemd's LimitNOFILE, or lower max-connections)");
		assertThat(new AcceptShortage("EMFILE").describe(-1)).doesNotContain("may open");
		assertThat(new AcceptShortage("ENFILE").describe(1024)).contains("fs.file-max");
	}

}
