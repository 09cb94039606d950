package org.ackgate.line;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import org.ackgate.support.ChunkedInputStream;
import org.ackgate.support.Theories;
import org.ackgate.support.Transcript;
import org.ackgate.wire.FrameInput;

import static org.ackgate.support.Theories.bufferSizes;
import static org.ackgate.support.Theories.byteArrays;
import static org.ackgate.support.Theories.bytesFavouring;
import static org.ackgate.support.Theories.pieces;
import static org.ackgate.support.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * However TCP cuts or coalesces a stream of lines, the line decoder yields the same lines, in
 * order, none lost and none doubled; and any bytes at all decode alike split or whole.
 */
class LineCodecPropertiesTests {

	private static final int MAX_LENGTH = 40;

	/** Lines with CRs, tabs, spaces, UTF-8 and any other byte but LF, up to the maximum. */
	private static final Gen<List<byte[]>> LINES = lists()
		.of(byteArrays(MAX_LENGTH, bytesFavouring("a\r\t \u00e5\u00b7\u00b2").map(b -> (b == LineCodec.LF) ? (byte) 'x' : b)))
		.ofSizeBetween(0, 20)
		.describedAs(Theories::hex);

	@Test
	void linesCutAnywhereDecodeToTheSameLinesInOrder() {
		qt().forAll(LINES, pieces(), bufferSizes())
			.checkAssert((lines, pieces, bufferSize) -> assertThat(
					decode(ChunkedInputStream.pieces(joined(lines), pieces), bufferSize, MAX_LENGTH))
				.isEqualTo(expected(lines)));
	}

	@Test
	void linesCoalescedInOneReadDecodeOneByOneInOrder() {
		qt().forAll(LINES).checkAssert(lines -> {
			ChunkedInputStream source = new ChunkedInputStream(joined(lines), Integer.MAX_VALUE);
			assertThat(decode(source, 8192, MAX_LENGTH)).isEqualTo(expected(lines));
			assertThat(source.reads()).as("reads").isLessThanOrEqualTo(1);
		});
	}

	@Test
	void anyBytesDecodeAlikeCutOrWhole() {
		qt().forAll(byteArrays(200, bytesFavouring("\n\r\na")), integers().between(0, 16), pieces(), bufferSizes())
			.checkAssert((stream, maxLength, pieces, bufferSize) -> {
				Transcript whole = decode(new ChunkedInputStream(stream, Integer.MAX_VALUE), 8192, maxLength);
				assertThat(decode(ChunkedInputStream.pieces(stream, pieces), bufferSize, maxLength)).isEqualTo(whole);
				assertThat(whole).isEqualTo(LineStreamModel.expected(stream, maxLength));
			});
	}

	private static byte[] joined(List<byte[]> lines) {
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		for (byte[] line : lines) {
			stream.writeBytes(line);
			stream.write(LineCodec.LF);
		}
		return stream.toByteArray();
	}

	private static Transcript expected(List<byte[]> lines) {
		Transcript transcript = new Transcript();
		lines.forEach(transcript::frame);
		return transcript.end();
	}

	private static Transcript decode(InputStream source, int bufferSize, int maxLength) {
		try {
			return Transcript.decode(new LineCodec(maxLength), FrameInput.buffered(source, bufferSize, "p", count -> {
			}), new Transcript());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
