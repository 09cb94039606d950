package org.ackgate.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The {@code local} relay's position in the journal: the offset of the first record not yet
 * acked by the upstream, as one line of text in {@code relay.cursor}. Written atomically: a
 * temporary file, forced, renamed over the old one, the directory forced.
 */
final class RelayCursor {

	static final String FILE = "relay.cursor";

	private final Path file;

	private final Path temporary;

	RelayCursor(Path directory) {
		this.file = directory.resolve(FILE);
		this.temporary = directory.resolve(FILE + ".tmp");
	}

	Path file() {
		return this.file;
	}

	/** The persisted offset, or {@code 0} (the journal's start) when there is none yet. */
	long read() throws IOException {
		if (!Files.exists(this.file)) {
			return 0;
		}
		String text = Files.readString(this.file, StandardCharsets.US_ASCII).trim();
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new IOException(this.file + " does not hold a journal offset: '" + text + "'", ex);
		}
	}

	void write(long offset) throws IOException {
		try (FileChannel channel = FileChannel.open(this.temporary, StandardOpenOption.CREATE,
				StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
			ByteBuffer bytes = ByteBuffer.wrap((offset + "\n").getBytes(StandardCharsets.US_ASCII));
			while (bytes.hasRemaining()) {
				channel.write(bytes);
			}
			channel.force(true);
		}
		Files.move(this.temporary, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		try (FileChannel directory = FileChannel.open(this.file.getParent(), StandardOpenOption.READ)) {
			directory.force(true);
		}
		catch (IOException ex) {
			// Some file systems cannot open a directory; the rename is durable with the next sync there.
		}
	}

}
