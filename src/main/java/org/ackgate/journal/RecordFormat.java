package org.ackgate.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;

/**
 * The byte layout of one record, big-endian throughout (docs/journal.md draws it):
 * <pre>
 * 0       4  length L of the body (bytes 8 .. 8+L)
 * 4       4  CRC32C of the body
 * 8       1  record version: 1, or 2 for a record written when everything before it in its
 *            segment had been forced (the first of a batch under fsync always)
 * 9       8  receive time, seconds since the epoch
 * 17      4  receive time, nanoseconds within the second
 * 21      2  endpoint length e, then e bytes of UTF-8
 * 23+e    2  peer length p, then p bytes of UTF-8
 * 25+e+p  4  payload length n, then n bytes of payload
 * </pre>
 * so L = 21 + e + p + n.
 */
final class RecordFormat {

	/** The length and CRC fields in front of every body. */
	static final int HEADER_SIZE = 8;

	/** The body's bytes apart from the endpoint, peer and payload. */
	static final int FIXED_BODY_SIZE = 21;

	static final byte VERSION = 1;

	/**
	 * The same layout, for a record written when everything before it in its segment had been
	 * forced to the disk. Recovery takes such a record, found valid after damaged bytes, as proof
	 * that the damaged bytes had been forced (and acked), not torn by a crash before their force.
	 */
	static final byte VERSION_AFTER_FORCE = 2;

	/** Bodies above this are corrupt: messages are at most 16 MiB, endpoint and peer are short. */
	static final int MAX_BODY_SIZE = 16 * 1024 * 1024 + 2 * 65535 + FIXED_BODY_SIZE;

	private RecordFormat() {
	}

	/** The whole record, header included, ready to be written. */
	static byte[] encode(String endpoint, String peer, Instant receivedAt, byte[] payload) {
		byte[] endpointBytes = utf8(endpoint, "endpoint");
		byte[] peerBytes = utf8(peer, "peer");
		int bodyLength = FIXED_BODY_SIZE + endpointBytes.length + peerBytes.length + payload.length;
		byte[] record = new byte[HEADER_SIZE + bodyLength];
		ByteBuffer buffer = ByteBuffer.wrap(record);
		buffer.putInt(bodyLength).putInt(0);
		buffer.put(VERSION)
			.putLong(receivedAt.getEpochSecond())
			.putInt(receivedAt.getNano())
			.putShort((short) endpointBytes.length)
			.put(endpointBytes)
			.putShort((short) peerBytes.length)
			.put(peerBytes)
			.putInt(payload.length)
			.put(payload);
		CRC32C crc = new CRC32C();
		crc.update(record, HEADER_SIZE, bodyLength);
		ByteBuffer.wrap(record, 4, 4).putInt((int) crc.getValue());
		return record;
	}

	/** A copy of an encoded record, marked as written when everything before it had been forced. */
	static byte[] markedAfterForce(byte[] record) {
		byte[] marked = record.clone();
		int bodyLength = marked.length - HEADER_SIZE;
		marked[HEADER_SIZE] = VERSION_AFTER_FORCE;
		CRC32C crc = new CRC32C();
		crc.update(marked, HEADER_SIZE, bodyLength);
		ByteBuffer.wrap(marked, 4, 4).putInt((int) crc.getValue());
		return marked;
	}

	/** Whether a body {@link #check} accepted is marked as written after a completed force. */
	static boolean writtenAfterForce(ByteBuffer body) {
		return body.get(body.position()) == VERSION_AFTER_FORCE;
	}

	private static byte[] utf8(String text, String what) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > 0xFFFF) {
			throw new IllegalArgumentException(what + " longer than 65535 bytes");
		}
		return bytes;
	}

	/** Whether a body length read from a header can be a record's at all. */
	static boolean plausibleLength(int bodyLength) {
		return bodyLength >= FIXED_BODY_SIZE && bodyLength <= MAX_BODY_SIZE;
	}

	/**
	 * Decodes a body whose length came from a plausible header.
	 * @param body the body's bytes, from its position to its limit
	 * @return why it is not a valid record, or {@code null} when it is
	 */
	static @Nullable String check(ByteBuffer body, int expectedCrc) {
		CRC32C crc = new CRC32C();
		crc.update(body.duplicate());
		if ((int) crc.getValue() != expectedCrc) {
			return "CRC32C mismatch";
		}
		ByteBuffer b = body.duplicate();
		byte version = b.get();
		if (version != VERSION && version != VERSION_AFTER_FORCE) {
			return "unknown record version";
		}
		b.position(b.position() + 12);
		int endpointLength = Short.toUnsignedInt(b.getShort());
		if (b.remaining() < endpointLength + 2) {
			return "endpoint length beyond the record";
		}
		b.position(b.position() + endpointLength);
		int peerLength = Short.toUnsignedInt(b.getShort());
		if (b.remaining() < peerLength + 4) {
			return "peer length beyond the record";
		}
		b.position(b.position() + peerLength);
		int payloadLength = b.getInt();
		if (payloadLength != b.remaining()) {
			return "payload length disagrees with the record length";
		}
		return null;
	}

	/** Reads a body that {@link #check} accepted. */
	static JournalRecord decode(long offset, ByteBuffer body) {
		ByteBuffer b = body.duplicate();
		int bodyLength = b.remaining();
		b.get();
		Instant receivedAt = Instant.ofEpochSecond(b.getLong(), b.getInt());
		String endpoint = string(b, Short.toUnsignedInt(b.getShort()));
		String peer = string(b, Short.toUnsignedInt(b.getShort()));
		byte[] payload = new byte[b.getInt()];
		b.get(payload);
		return new JournalRecord(offset, offset + HEADER_SIZE + bodyLength, receivedAt, endpoint, peer, payload);
	}

	private static String string(ByteBuffer buffer, int length) {
		byte[] bytes = new byte[length];
		buffer.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
