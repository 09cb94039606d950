package org.ackgate.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * One record's layout, byte by byte, and where a corrupt record is told apart from a good one:
 * each length field at its exact bound, the CRC and the version.
 */
class RecordFormatTests {

	private static final Instant RECEIVED = Instant.parse("2026-11-22T05:47:30.123456789Z");

	@Test
	void aRecordIsItsLengthItsCrcAndItsBody() {
		byte[] record = RecordFormat.encode("line", "127.0.0.1:5000", RECEIVED, bytes("hello"));
		ByteBuffer buffer = ByteBuffer.wrap(record);
		int bodyLength = 21 + 4 + 14 + 5;
		assertThat(record).hasSize(8 + bodyLength);
		assertThat(buffer.getInt(0)).isEqualTo(bodyLength);
		CRC32C crc = new CRC32C();
		crc.update(record, 8, bodyLength);
		assertThat(buffer.getInt(4)).isEqualTo((int) crc.getValue());
		assertThat(record[8]).isEqualTo((byte) 1);
		assertThat(buffer.getLong(9)).isEqualTo(RECEIVED.getEpochSecond());
		assertThat(buffer.getInt(17)).isEqualTo(123_456_789);
		assertThat(buffer.getShort(21)).isEqualTo((short) 4);
		assertThat(buffer.getShort(27)).isEqualTo((short) 14);
		assertThat(buffer.getInt(43)).isEqualTo(5);

		ByteBuffer body = ByteBuffer.wrap(record, 8, bodyLength).slice();
		assertThat(RecordFormat.check(body, buffer.getInt(4))).isNull();
		JournalRecord decoded = RecordFormat.decode(1000, body);
		assertThat(decoded.offset()).isEqualTo(1000);
		assertThat(decoded.nextOffset()).isEqualTo(1000 + 8 + bodyLength);
		assertThat(decoded.receivedAt()).isEqualTo(RECEIVED);
		assertThat(decoded.endpoint()).isEqualTo("line");
		assertThat(decoded.peer()).isEqualTo("127.0.0.1:5000");
		assertThat(decoded.payload()).isEqualTo(bytes("hello"));
	}

	@Test
	void aBodyLengthIsPlausibleFromTheFixedFieldsUpToTheLargestMessage() {
		assertThat(RecordFormat.plausibleLength(20)).isFalse();
		assertThat(RecordFormat.plausibleLength(21)).isTrue();
		assertThat(RecordFormat.plausibleLength(RecordFormat.MAX_BODY_SIZE)).isTrue();
		assertThat(RecordFormat.plausibleLength(RecordFormat.MAX_BODY_SIZE + 1)).isFalse();
		assertThat(RecordFormat.plausibleLength(-1)).isFalse();
		assertThat(RecordFormat.MAX_BODY_SIZE).isEqualTo(16 * 1024 * 1024 + 2 * 65535 + 21);
	}

	@Test
	void emptyFieldsMakeTheSmallestRecord() {
		byte[] record = RecordFormat.encode("", "", RECEIVED, new byte[0]);
		assertThat(record).hasSize(8 + 21);
		assertThat(check(body(record))).isNull();
		JournalRecord decoded = RecordFormat.decode(0, body(record));
		assertThat(decoded.endpoint()).isEmpty();
		assertThat(decoded.peer()).isEmpty();
		assertThat(decoded.payload()).isEmpty();
	}

	@Test
	void aWrongCrcOrVersionIsCorrupt() {
		byte[] record = RecordFormat.encode("line", "p", RECEIVED, bytes("x"));
		int crc = ByteBuffer.wrap(record).getInt(4);
		assertThat(RecordFormat.check(body(record), crc + 1)).isEqualTo("CRC32C mismatch");
		ByteBuffer versionThree = body(record);
		versionThree.put(0, (byte) 3);
		assertThat(check(versionThree)).isEqualTo("unknown record version");
	}

	@Test
	void aRecordMarkedAsWrittenAfterAForceIsTheSameRecordWithVersionTwo() {
		byte[] record = RecordFormat.encode("line", "p", RECEIVED, bytes("x"));
		byte[] marked = RecordFormat.markedAfterForce(record);
		assertThat(record[8]).as("the original is left as it was").isEqualTo((byte) 1);
		assertThat(marked[8]).isEqualTo((byte) 2);
		assertThat(check(body(marked))).isNull();
		assertThat(RecordFormat.writtenAfterForce(body(marked))).isTrue();
		assertThat(RecordFormat.writtenAfterForce(body(record))).isFalse();
		JournalRecord decoded = RecordFormat.decode(0, body(marked));
		assertThat(decoded.payload()).isEqualTo(bytes("x"));
		assertThat(decoded.nextOffset()).isEqualTo(record.length);
	}

	/** The body ends exactly after the endpoint and the peer's length field: the peer is what overruns. */
	@Test
	void anEndpointThatFillsTheBodyToThePeerLengthIsWhole() {
		ByteBuffer body = ByteBuffer.allocate(1 + 12 + 2 + 4 + 2);
		body.put((byte) 1).position(13);
		body.putShort((short) 4).put(bytes("line")).putShort((short) 0);
		assertThat(check(body.flip())).isEqualTo("peer length beyond the record");

		ByteBuffer oneShort = ByteBuffer.allocate(1 + 12 + 2 + 4 + 1);
		oneShort.put((byte) 1).position(13);
		oneShort.putShort((short) 4).put(bytes("line")).put((byte) 0);
		assertThat(check(oneShort.flip())).isEqualTo("endpoint length beyond the record");
	}

	@Test
	void aPeerLengthAtTheBoundIsWholeAndOneMoreOverruns() {
		// Endpoint "e", peer "pp", empty payload: the peer ends exactly 4 bytes before the end.
		byte[] record = RecordFormat.encode("e", "pp", RECEIVED, new byte[0]);
		assertThat(check(body(record))).isNull();
		ByteBuffer longerPeer = body(record);
		longerPeer.putShort(1 + 12 + 2 + 1, (short) 3);
		assertThat(check(longerPeer)).isEqualTo("peer length beyond the record");
	}

	@Test
	void aPayloadLengthMustMatchTheRecordsLengthExactly() {
		byte[] record = RecordFormat.encode("e", "p", RECEIVED, bytes("abc"));
		int payloadLengthAt = 1 + 12 + 2 + 1 + 2 + 1;
		for (int wrong : new int[] { 2, 4 }) {
			ByteBuffer body = body(record);
			body.putInt(payloadLengthAt, wrong);
			assertThat(check(body)).as("payload length %d for 3 bytes", wrong)
				.isEqualTo("payload length disagrees with the record length");
		}
	}

	@Test
	void endpointAndPeerAreBoundedBy16BitLengths() {
		String longest = "a".repeat(65535);
		assertThat(RecordFormat.encode(longest, "p", RECEIVED, new byte[0])).hasSize(8 + 21 + 65535 + 1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RecordFormat.encode(longest + "a", "p", RECEIVED, new byte[0]))
			.withMessage("endpoint longer than 65535 bytes");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RecordFormat.encode("e", longest + "a", RECEIVED, new byte[0]))
			.withMessage("peer longer than 65535 bytes");
	}

	/** A body's copy, so a test may corrupt it. */
	private static ByteBuffer body(byte[] record) {
		return ByteBuffer.wrap(record.clone(), 8, record.length - 8).slice();
	}

	/** Checks a body with its own CRC, so the structure is what is judged. */
	private static String check(ByteBuffer body) {
		CRC32C crc = new CRC32C();
		crc.update(body.duplicate());
		return RecordFormat.check(body, (int) crc.getValue());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
