package org.ackgate.line;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

import org.ackgate.support.IncrementalFeed;

import static org.ackgate.support.Theories.byteArrays;
import static org.ackgate.support.Theories.bytesFavouring;
import static org.ackgate.support.Theories.pieces;
import static org.ackgate.support.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * Any bytes, however the event loop receives them, decode incrementally to exactly what the
 * blocking {@link LineCodec} makes of the whole stream: the same lines in order, and the same
 * violation with the same message.
 */
class IncrementalLineDecoderPropertiesTests {

	@Test
	void anyBytesCutAnywhereDecodeAsTheBlockingCodecDecodesThemWhole() {
		qt().forAll(byteArrays(200, bytesFavouring("\n\r\na")), integers().between(0, 16), pieces(),
				Generate.booleans())
			.checkAssert((stream, maxLength, pieces, direct) -> {
				List<String> blocking = IncrementalFeed.blocking(new LineCodec(maxLength), stream);
				assertThat(IncrementalFeed.incremental(new IncrementalLineDecoder(maxLength), stream, pieces, direct))
					.isEqualTo(blocking);
				assertThat(IncrementalFeed.incremental(new IncrementalLineDecoder(maxLength), stream,
						IncrementalFeed.bytewise(stream), direct))
					.isEqualTo(blocking);
			});
	}

	@Test
	void longerLinesUnderALargerMaximumDecodeAlike() {
		qt().forAll(byteArrays(600, bytesFavouring("\naaaaaaaaaaaaaaaaaaaa")), integers().between(0, 300), pieces())
			.checkAssert((stream, maxLength, pieces) -> assertThat(
					IncrementalFeed.incremental(new IncrementalLineDecoder(maxLength), stream, pieces, false))
				.isEqualTo(IncrementalFeed.blocking(new LineCodec(maxLength), stream)));
	}

}
