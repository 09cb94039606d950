package org.ackgate.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;

/**
 * The 24 bytes every segment file starts with, big-endian:
 * <pre>
 * 0   8  magic, ASCII "ACKGJRNL"
 * 8   2  format version, 1
 * 10  2  reserved, 0
 * 12  8  base offset: the journal offset of this file's byte 0 (also the file's name)
 * 20  4  CRC32C of bytes 0..20
 * </pre>
 */
final class SegmentHeader {

	static final int SIZE = 24;

	static final byte[] MAGIC = "ACKGJRNL".getBytes(StandardCharsets.US_ASCII);

	static final short VERSION = 1;

	private SegmentHeader() {
	}

	static ByteBuffer encode(long baseOffset) {
		ByteBuffer header = ByteBuffer.allocate(SIZE);
		header.put(MAGIC).putShort(VERSION).putShort((short) 0).putLong(baseOffset);
		CRC32C crc = new CRC32C();
		crc.update(header.array(), 0, SIZE - 4);
		header.putInt((int) crc.getValue());
		return header.flip();
	}

	/** @return why these bytes are not the header of the segment based at {@code baseOffset}, or {@code null} */
	static @Nullable String check(ByteBuffer header, long baseOffset) {
		if (header.remaining() < SIZE) {
			return "header cut short (" + header.remaining() + " of " + SIZE + " bytes)";
		}
		ByteBuffer b = header.duplicate();
		byte[] magic = new byte[MAGIC.length];
		b.get(magic);
		if (!java.util.Arrays.equals(magic, MAGIC)) {
			return "not a journal segment (bad magic)";
		}
		CRC32C crc = new CRC32C();
		crc.update(header.duplicate().limit(header.position() + SIZE - 4));
		short version = b.getShort();
		b.getShort();
		long base = b.getLong();
		if (b.getInt() != (int) crc.getValue()) {
			return "header CRC32C mismatch";
		}
		if (version != VERSION) {
			return "segment format version " + version + " (this ackgate reads " + VERSION + ")";
		}
		if (base != baseOffset) {
			return "header says base offset " + base + ", the file name " + baseOffset;
		}
		return null;
	}

}
