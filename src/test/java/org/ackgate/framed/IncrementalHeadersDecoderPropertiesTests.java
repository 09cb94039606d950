package org.ackgate.framed;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import org.ackgate.support.IncrementalFeed;
import org.ackgate.support.Theories;

import static org.ackgate.support.Theories.byteArrays;
import static org.ackgate.support.Theories.bytesFavouring;
import static org.ackgate.support.Theories.pieces;
import static org.ackgate.support.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Any bytes, however the event loop receives them, decode incrementally to exactly what the
 * blocking {@link HeadersCodec} makes of the whole stream: the same frames in order, the same
 * violation with the same message, as many receipts and as many bytes skipped in all.
 */
class IncrementalHeadersDecoderPropertiesTests {

	private static final int MAX_LENGTH = 40;

	private static final byte[] RECEIPT = "ok".getBytes(StandardCharsets.US_ASCII);

	/** As in HeadersCodecPropertiesTests: magics, lengths of every kind, receipts, bytes. */
	private static final Gen<byte[]> TOKEN = Generate.frequency(Pair.of(3, Generate.constant(HeadersCodec.MAGIC)),
			Pair.of(3, integers().between(-2, MAX_LENGTH + 2)
				.mix(Generate.pick(List.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 24)), 10)
				.map(length -> ByteBuffer.allocate(Integer.BYTES).putInt(length).array())),
			Pair.of(1, Generate.constant(RECEIPT)), Pair.of(3, byteArrays(12, bytesFavouring("Headersok"))));

	private static final Gen<byte[]> STREAM = lists().of(TOKEN)
		.ofSizeBetween(0, 16)
		.map(IncrementalHeadersDecoderPropertiesTests::concat)
		.describedAs(Theories::hex);

	/** Valid frames, receipts between them and garbage before them: streams that decode to the end. */
	private static final Gen<byte[]> CONVERSATION = lists()
		.of(byteArrays(MAX_LENGTH, bytesFavouring("Headersok")).toOptionals(25)
			.zip(byteArrays(6, bytesFavouring("Headersok")), (message, garbage) -> concat(List.of(garbage,
					message.map(HeadersCodec::encode).orElse(RECEIPT)))))
		.ofSizeBetween(0, 12)
		.map(IncrementalHeadersDecoderPropertiesTests::concat)
		.describedAs(Theories::hex);

	@Test
	void anyBytesCutAnywhereDecodeAsTheBlockingCodecDecodesThemWhole() {
		qt().forAll(STREAM, pieces(), Generate.booleans()).checkAssert(this::decodeAlike);
	}

	@Test
	void framesReceiptsAndGarbageCutAnywhereDecodeAsTheBlockingCodecDecodesThemWhole() {
		qt().forAll(CONVERSATION, pieces(), Generate.booleans()).checkAssert(this::decodeAlike);
	}

	private void decodeAlike(byte[] stream, int[] pieces, boolean direct) {
		CountingEvents blockingEvents = new CountingEvents();
		List<String> blocking = IncrementalFeed.blocking(new HeadersCodec(MAX_LENGTH, blockingEvents)::decode, stream);
		for (int[] cuts : List.of(pieces, IncrementalFeed.bytewise(stream))) {
			CountingEvents events = new CountingEvents();
			assertThat(IncrementalFeed.incremental(new IncrementalHeadersDecoder(MAX_LENGTH, events, "p"), stream, cuts,
					direct))
				.isEqualTo(blocking);
			assertThat(events.receipts).as("receipts").isEqualTo(blockingEvents.receipts);
			assertThat(events.skipped).as("bytes skipped").isEqualTo(blockingEvents.skipped);
		}
	}

	private static byte[] concat(List<byte[]> parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		parts.forEach(all::writeBytes);
		return all.toByteArray();
	}

}
