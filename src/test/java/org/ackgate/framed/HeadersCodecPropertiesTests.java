package org.ackgate.framed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import org.ackgate.support.ChunkedInputStream;
import org.ackgate.support.Theories;
import org.ackgate.support.Transcript;
import org.ackgate.wire.FrameInput;

import static org.ackgate.support.Theories.bufferSizes;
import static org.ackgate.support.Theories.byteArrays;
import static org.ackgate.support.Theories.bytesFavouring;
import static org.ackgate.support.Theories.hex;
import static org.ackgate.support.Theories.pieces;
import static org.ackgate.support.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * However TCP cuts or coalesces a stream of {@code Headers} frames and {@code ok} receipts, the
 * decoder yields the same frames and receipts, in order, none lost and none doubled; garbage
 * before a frame is skipped and counted exactly as docs/protocols.md says; and any bytes at all decode
 * alike split or whole.
 */
class HeadersCodecPropertiesTests {

	private static final int MAX_LENGTH = 40;

	private static final byte[] RECEIPT = "ok".getBytes(StandardCharsets.US_ASCII);

	/** Opaque payloads, magics and receipts inside them included. */
	private static final Gen<byte[]> PAYLOAD = byteArrays(MAX_LENGTH, bytesFavouring("Headersok"));

	/** Frames, and (empty) receipts between them. */
	private static final Gen<List<Optional<byte[]>>> MESSAGES = lists().of(PAYLOAD.toOptionals(25))
		.ofSizeBetween(0, 12)
		.describedAs(messages -> messages.stream().map(m -> m.map(Theories::hex).orElse("ok")).toList().toString());

	/** Bytes that hold no magic: receipts, magics begun and broken off, anything. */
	private static final Gen<byte[]> GARBAGE = byteArrays(16, bytesFavouring("Headersok"))
		.assuming(garbage -> indexOf(garbage, HeadersCodec.MAGIC) < 0);

	/** Pieces a stream of frames is made of, valid or not: magics, lengths of every kind, receipts, bytes. */
	private static final Gen<byte[]> TOKEN = Generate.frequency(Pair.of(3, Generate.constant(HeadersCodec.MAGIC)),
			Pair.of(3, integers().between(-2, MAX_LENGTH + 2)
				.mix(Generate.pick(List.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 24)), 10)
				.map(length -> ByteBuffer.allocate(Integer.BYTES).putInt(length).array())),
			Pair.of(1, Generate.constant(RECEIPT)), Pair.of(3, byteArrays(12, bytesFavouring("Headersok"))));

	private static final Gen<byte[]> STREAM = lists().of(TOKEN)
		.ofSizeBetween(0, 16)
		.map(HeadersCodecPropertiesTests::concat)
		.describedAs(Theories::hex);

	@Test
	void framesAndReceiptsCutAnywhereDecodeToTheSameInOrder() {
		qt().forAll(MESSAGES, pieces(), bufferSizes()).checkAssert((messages, pieces, bufferSize) -> {
			Transcript expected = new Transcript();
			ByteArrayOutputStream stream = new ByteArrayOutputStream();
			for (Optional<byte[]> message : messages) {
				message.ifPresentOrElse(expected::frame, expected::receipt);
				stream.writeBytes(message.map(HeadersCodec::encode).orElse(RECEIPT));
			}
			assertThat(decode(ChunkedInputStream.pieces(stream.toByteArray(), pieces), bufferSize))
				.isEqualTo(expected.end());
		});
	}

	@Test
	void framesCoalescedInOneReadDecodeOneByOneInOrder() {
		qt().forAll(lists().of(PAYLOAD).ofSizeBetween(0, 20).describedAs(Theories::hex)).checkAssert(payloads -> {
			Transcript expected = new Transcript();
			payloads.forEach(expected::frame);
			ChunkedInputStream source = new ChunkedInputStream(
					concat(payloads.stream().map(HeadersCodec::encode).toList()), Integer.MAX_VALUE);
			assertThat(decode(source, 8192)).isEqualTo(expected.end());
			// The read buffer starts at 512 bytes and doubles while reads fill it: a coalesced
			// stream takes at most one read per doubling, never one per message.
			assertThat(source.reads()).as("reads").isLessThanOrEqualTo(ChunkedInputStream.readsWhileGrowing(source.length()));
		});
	}

	@Test
	void garbageBeforeAFrameIsSkippedAndCountedAndTheFrameStillDecodes() {
		Gen<List<Pair<byte[], byte[]>>> garbageThenFrame = lists().of(GARBAGE.zip(PAYLOAD, Pair::of))
			.ofSizeBetween(1, 8)
			.describedAs(pairs -> pairs.stream().map(p -> hex(p._1) + " then frame " + hex(p._2)).toList().toString());
		qt().forAll(garbageThenFrame, pieces(), bufferSizes()).checkAssert((pairs, pieces, bufferSize) -> {
			Transcript expected = new Transcript();
			ByteArrayOutputStream stream = new ByteArrayOutputStream();
			for (Pair<byte[], byte[]> pair : pairs) {
				byte[] garbage = pair._1;
				int receipts = 0;
				while (garbage.length >= 2 * receipts + 2 && garbage[2 * receipts] == 'o' && garbage[2 * receipts + 1] == 'k') {
					expected.receipt();
					receipts++;
				}
				if (garbage.length > 2 * receipts) {
					expected.skipped(garbage.length - 2L * receipts);
				}
				expected.frame(pair._2);
				stream.writeBytes(garbage);
				stream.writeBytes(HeadersCodec.encode(pair._2));
			}
			assertThat(decode(ChunkedInputStream.pieces(stream.toByteArray(), pieces), bufferSize))
				.isEqualTo(expected.end());
		});
	}

	@Test
	void anyBytesDecodeAlikeCutOrWhole() {
		qt().forAll(STREAM, pieces(), bufferSizes()).checkAssert((stream, pieces, bufferSize) -> {
			Transcript whole = decode(new ChunkedInputStream(stream, Integer.MAX_VALUE), 8192);
			assertThat(decode(ChunkedInputStream.pieces(stream, pieces), bufferSize)).isEqualTo(whole);
			assertThat(whole).isEqualTo(HeadersStreamModel.expected(stream, MAX_LENGTH));
		});
	}

	private static Transcript decode(InputStream source, int bufferSize) {
		Transcript transcript = new Transcript();
		HeadersCodec codec = new HeadersCodec(MAX_LENGTH, new TranscriptEvents(transcript));
		try {
			return Transcript.decode(codec::decode, FrameInput.buffered(source, bufferSize, "p", count -> {
			}), transcript);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] concat(List<byte[]> parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		parts.forEach(all::writeBytes);
		return all.toByteArray();
	}

	private static int indexOf(byte[] bytes, byte[] part) {
		for (int i = 0; i + part.length <= bytes.length; i++) {
			if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
				return i;
			}
		}
		return -1;
	}

}
