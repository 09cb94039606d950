package org.ackgate.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the journal opens, syncs and deletes its files: the real file system, or in tests one that
 * fails on demand (a full disk, a failing force) without needing a full disk.
 */
public interface JournalStorage {

	/** Opens a segment for writing, creating it when {@code create}. */
	FileChannel openForWrite(Path segment, boolean create) throws IOException;

	/** Opens a segment for reading. */
	default FileChannel openForRead(Path segment) throws IOException {
		return FileChannel.open(segment, StandardOpenOption.READ);
	}

	/** Makes a directory entry (a new or deleted segment) durable. */
	default void forceDirectory(Path directory) throws IOException {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some file systems cannot open a directory for reading; their entries are durable with the file.
			if (!Files.isDirectory(directory)) {
				throw ex;
			}
		}
	}

	default void delete(Path segment) throws IOException {
		Files.deleteIfExists(segment);
	}

	/** The file system, as it is. */
	JournalStorage FILES = (segment, create) -> create
			? FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ)
			: FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.READ);

}
