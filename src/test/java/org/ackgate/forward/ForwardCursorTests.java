package org.ackgate.forward;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class ForwardCursorTests {

	@Test
	void theCursorIsReplacedAtomicallyAndStartsAtZero(@TempDir Path directory) throws IOException {
		ForwardCursor cursor = new ForwardCursor(directory, "relay");
		assertThat(cursor.read()).isZero();
		cursor.write(1234);
		cursor.write(5678);
		assertThat(cursor.read()).isEqualTo(5678);
		assertThat(Files.readString(directory.resolve("relay.cursor"))).isEqualTo("5678\n");
		assertThat(directory.resolve("relay.cursor.tmp")).doesNotExist();
		Files.writeString(directory.resolve("relay.cursor"), "garbage");
		assertThatIOException().isThrownBy(cursor::read).withMessageContaining("does not hold a journal offset");
	}

	@Test
	void eachForwarderHasItsOwnFile(@TempDir Path directory) throws IOException {
		new ForwardCursor(directory, "relay").write(10);
		new ForwardCursor(directory, "kafka").write(20);
		assertThat(new ForwardCursor(directory, "relay").read()).isEqualTo(10);
		assertThat(new ForwardCursor(directory, "kafka").read()).isEqualTo(20);
	}

}
