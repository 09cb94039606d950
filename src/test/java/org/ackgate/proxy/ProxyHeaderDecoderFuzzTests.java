package org.ackgate.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.ackgate.support.ChunkedInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PROXY header decoder against any bytes a balancer (or anyone else) can send, split any
 * way: nothing but a header violation escapes; it decodes exactly what the whole stream at once
 * decodes; a decoded header took exactly its own bytes (a v1 line ending in CRLF within 107
 * bytes, or a v2 header as long as its length field says) and left every byte after it; and
 * never more than the bound (107 bytes for v1, the maximum for v2) is taken off the stream. Byte 0
 * of the input is the size of every read (0: all at once), the rest the stream. The checked-in
 * inputs run in every build; docs/testing.md says how to fuzz for longer.
 */
class ProxyHeaderDecoderFuzzTests {

	private static final int V2_MAX_LENGTH = 256;

	@FuzzTest
	void decodesAnyStreamWithinTheBounds(byte[] data) throws IOException {
		int readSize = (data.length == 0 || (data[0] & 0x3F) == 0) ? Integer.MAX_VALUE : data[0] & 0x3F;
		byte[] stream = (data.length == 0) ? data : Arrays.copyOfRange(data, 1, data.length);
		ChunkedInputStream cut = new ChunkedInputStream(stream, readSize);
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(V2_MAX_LENGTH);
		Object outcome;
		try {
			ProxyHeader header = ProxyHeaders.readFrom(cut, decoder);
			outcome = (header != null) ? header : "truncated";
		}
		catch (ProxyHeaderViolation violation) {
			outcome = violation.kind();
		}
		int offStream = stream.length - cut.readAllBytes().length;
		// A v1 line is bounded at 107 bytes, a v2 header at its maximum (found by the fuzzer: a v2
		// header truncated after 108 bytes is no v1 overrun).
		assertThat(offStream).isLessThanOrEqualTo(Math.max(ProxyHeaderDecoder.V1_MAX_LENGTH, V2_MAX_LENGTH));
		assertThat(outcome).isEqualTo(whole(stream));
		if (outcome instanceof ProxyHeader header) {
			int taken = decoder.bytesTaken();
			assertThat(offStream).as("bytes taken off the stream").isEqualTo(taken);
			if (header.version() == 1) {
				assertThat(taken).isLessThanOrEqualTo(ProxyHeaderDecoder.V1_MAX_LENGTH);
				assertThat(new String(stream, 0, taken, StandardCharsets.US_ASCII)).startsWith("PROXY ")
					.endsWith("\r\n")
					.containsOnlyOnce("\r\n");
			}
			else {
				assertThat(Arrays.copyOf(stream, 12)).isEqualTo(ProxyHeaders.V2_SIGNATURE);
				assertThat(taken).isEqualTo(16 + (((stream[14] & 0xFF) << 8) | (stream[15] & 0xFF)))
					.isLessThanOrEqualTo(V2_MAX_LENGTH);
			}
			assertThat(header.source() == null).isEqualTo(header.destination() == null);
		}
	}

	/** The outcome when the whole stream is offered at once. */
	private static Object whole(byte[] stream) {
		try {
			ProxyHeader header = new ProxyHeaderDecoder(V2_MAX_LENGTH).decode(ByteBuffer.wrap(stream));
			return (header != null) ? header : "truncated";
		}
		catch (ProxyHeaderViolation violation) {
			return violation.kind();
		}
	}

}
