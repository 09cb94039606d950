package org.ackgate.forward;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A forwarder's position in the journal: the offset of the first record its destination has not
 * confirmed, as one line of text in {@code NAME.cursor} ({@code relay.cursor}, {@code kafka.cursor}).
 * Written atomically: a temporary file, forced, renamed over the old one, the directory forced.
 */
public final class ForwardCursor {

	private final Path file;

	private final Path temporary;

	public ForwardCursor(Path directory, String name) {
		this.file = directory.resolve(name + ".cursor");
		this.temporary = directory.resolve(name + ".cursor.tmp");
	}

	public Path file() {
		return this.file;
	}

	/** The persisted offset, or {@code 0} (the journal's start) when there is none yet. */
	public long read() throws IOException {
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

	public void write(long offset) throws IOException {
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
