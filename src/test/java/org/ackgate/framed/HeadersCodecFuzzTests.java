package org.ackgate.framed;

import java.io.IOException;
import java.nio.ByteBuffer;
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
 * The {@code Headers} decoder against any bytes a client can send, split any way: it decodes
 * exactly what {@link HeadersStreamModel} says, no frame exceeds the maximum, no decode allocates
 * beyond it whatever a length field claims, and nothing but a protocol violation escapes. The
 * checked-in inputs run in every build; docs/testing.md says how to fuzz for longer.
 */
class HeadersCodecFuzzTests {

	/** Every outcome once, unchecked: first-use costs are the runtime's, not the codec's. */
	@BeforeAll
	static void warmUp() throws IOException {
		for (byte[] stream : List.of(HeadersCodec.encode(new byte[1]), "xok".getBytes(StandardCharsets.US_ASCII),
				"Head".getBytes(StandardCharsets.US_ASCII), header(-1), header(1 << 24))) {
			decode(new FuzzedStream(Integer.MAX_VALUE, 8192, 16, stream), Long.MAX_VALUE);
		}
	}

	@FuzzTest
	void decodesAnyStreamAsTheProtocolSays(byte[] data) throws IOException {
		FuzzedStream fuzzed = FuzzedStream.of(data);
		Transcript transcript = decode(fuzzed, 4L * fuzzed.maxLength());
		assertThat(transcript).isEqualTo(HeadersStreamModel.expected(fuzzed.stream(), fuzzed.maxLength()));
	}

	private static Transcript decode(FuzzedStream fuzzed, long allocationBound) throws IOException {
		int maxLength = fuzzed.maxLength();
		Transcript transcript = new Transcript();
		HeadersCodec codec = new HeadersCodec(maxLength, new TranscriptEvents(transcript));
		FrameDecoder checked = AllocationBound.atMost(allocationBound, input -> {
			byte[] frame = codec.decode(input);
			if (frame != null && frame.length > maxLength) {
				throw new AssertionError("a frame of " + frame.length + " bytes, above the maximum of " + maxLength);
			}
			return frame;
		});
		return Transcript.decode(checked, fuzzed.input(), transcript);
	}

	private static byte[] header(int length) {
		return ByteBuffer.allocate(HeadersCodec.HEADER_LENGTH).put(HeadersCodec.MAGIC).putInt(length).array();
	}

}
