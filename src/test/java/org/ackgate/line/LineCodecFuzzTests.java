package org.ackgate.line;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

import org.ackgate.support.AllocationBound;
import org.ackgate.support.FuzzedStream;
import org.ackgate.support.Transcript;
import org.ackgate.wire.FrameDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The line decoder against any bytes a client can send, split any way: it decodes exactly what
 * {@link LineStreamModel} says, no line exceeds the maximum, no decode allocates beyond a few
 * times the maximum however long the line, and nothing but a protocol violation escapes. The
 * checked-in inputs run in every build; docs/testing.md says how to fuzz for longer.
 */
class LineCodecFuzzTests {

	/** Every outcome once, unchecked: first-use costs are the runtime's, not the codec's. */
	@BeforeAll
	static void warmUp() throws IOException {
		for (String stream : List.of("a\n", "abc", "toolong\n", "toolong")) {
			decode(new FuzzedStream(Integer.MAX_VALUE, 8192, 4, stream.getBytes(StandardCharsets.US_ASCII)), Long.MAX_VALUE);
		}
	}

	@FuzzTest
	void decodesAnyStreamAsTheProtocolSays(byte[] data) throws IOException {
		FuzzedStream fuzzed = FuzzedStream.of(data);
		Transcript transcript = decode(fuzzed, 4L * fuzzed.maxLength());
		assertThat(transcript).isEqualTo(LineStreamModel.expected(fuzzed.stream(), fuzzed.maxLength()));
	}

	private static Transcript decode(FuzzedStream fuzzed, long allocationBound) throws IOException {
		int maxLength = fuzzed.maxLength();
		LineCodec codec = new LineCodec(maxLength);
		FrameDecoder checked = AllocationBound.atMost(allocationBound, input -> {
			byte[] line = codec.decode(input);
			if (line != null && line.length > maxLength) {
				throw new AssertionError("a line of " + line.length + " bytes, above the maximum of " + maxLength);
			}
			return line;
		});
		return Transcript.decode(checked, fuzzed.input(), new Transcript());
	}

}
