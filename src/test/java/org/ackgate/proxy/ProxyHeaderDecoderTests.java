package org.ackgate.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.ackgate.proxy.ProxyHeaderViolation.Kind;

import static org.ackgate.proxy.ProxyHeaders.ascii;
import static org.ackgate.proxy.ProxyHeaders.concat;
import static org.ackgate.proxy.ProxyHeaders.tlv;
import static org.ackgate.proxy.ProxyHeaders.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProxyHeaderDecoderTests {

	private static final InetSocketAddress CLIENT4 = address("192.0.2.7", 51234);

	private static final InetSocketAddress SERVER4 = address("198.51.100.1", 8080);

	private static final InetSocketAddress CLIENT6 = address("2001:db8::7", 443);

	private static final InetSocketAddress SERVER6 = address("2001:db8:0:0:1::1", 65535);

	/** What a client sends after the header: it must be left in place, never taken by the decoder. */
	private static final byte[] AFTER = ascii("hello\n");

	static Stream<Arguments> headers() {
		byte[] tlvs = concat(tlv(0x04, new byte[5]), tlv(0xEA, ascii("vpce-0123456789abcdef")), tlv(0x20, new byte[0]));
		return Stream.of(
				Arguments.of("v1 IPv4", ascii("PROXY TCP4 192.0.2.7 198.51.100.1 51234 8080\r\n"),
						new ProxyHeader(1, CLIENT4, SERVER4)),
				Arguments.of("v1 IPv6", ascii("PROXY TCP6 2001:db8::7 2001:db8::1:0:0:1 443 65535\r\n"),
						new ProxyHeader(1, CLIENT6, SERVER6)),
				Arguments.of("v1 UNKNOWN", ascii("PROXY UNKNOWN\r\n"), new ProxyHeader(1, null, null)),
				Arguments.of("v1 UNKNOWN with addresses",
						ascii("PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n"), new ProxyHeader(1, null, null)),
				Arguments.of("v2 IPv4", v2(CLIENT4, SERVER4, new byte[0]), new ProxyHeader(2, CLIENT4, SERVER4)),
				Arguments.of("v2 IPv6", v2(CLIENT6, SERVER6, new byte[0]), new ProxyHeader(2, CLIENT6, SERVER6)),
				Arguments.of("v2 IPv4 with TLVs", v2(CLIENT4, SERVER4, tlvs), new ProxyHeader(2, CLIENT4, SERVER4)),
				Arguments.of("v2 IPv6 with TLVs", v2(CLIENT6, SERVER6, tlvs), new ProxyHeader(2, CLIENT6, SERVER6)),
				Arguments.of("v2 LOCAL", v2(0x20, 0x00, new byte[0]), new ProxyHeader(2, null, null)),
				Arguments.of("v2 LOCAL with an address block", v2(0x20, 0x11, new byte[12]), new ProxyHeader(2, null, null)),
				Arguments.of("v2 UNIX", v2(0x21, 0x31, new byte[216]), new ProxyHeader(2, null, null)),
				Arguments.of("v2 unspecified family", v2(0x21, 0x00, new byte[0]), new ProxyHeader(2, null, null)),
				Arguments.of("v2 unspecified transport", v2(0x21, 0x10, new byte[12]), new ProxyHeader(2, null, null)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("headers")
	void decodesWholeAndLeavesWhatFollows(String name, byte[] header, ProxyHeader expected) throws IOException {
		ByteBuffer input = ByteBuffer.wrap(concat(header, AFTER));
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		assertThat(decoder.decode(input)).isEqualTo(expected);
		assertThat(rest(input)).isEqualTo(AFTER);
		assertThat(decoder.bytesWanted()).isZero();
		assertThat(decoder.bytesTaken()).isEqualTo(header.length);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("headers")
	void decodesSplitAtEveryPoint(String name, byte[] header, ProxyHeader expected) throws IOException {
		byte[] stream = concat(header, AFTER);
		for (int split = 0; split <= header.length; split++) {
			ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
			ByteBuffer first = ByteBuffer.wrap(stream, 0, split);
			assertThat(decoder.decode(first)).as("after %d bytes", split).isEqualTo((split == header.length) ? expected : null);
			ByteBuffer second = ByteBuffer.wrap(stream, split, stream.length - split);
			if (split < header.length) {
				assertThat(decoder.decode(second)).as("split at %d", split).isEqualTo(expected);
			}
			assertThat(rest(second)).as("split at %d", split).isEqualTo(AFTER);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("headers")
	void readingWhatItWantsNeverTakesAByteBeyondTheHeader(String name, byte[] header, ProxyHeader expected) throws IOException {
		for (int size = 1; size <= header.length + 1; size++) {
			int readSize = size;
			ByteArrayInputStream stream = new ByteArrayInputStream(concat(header, AFTER)) {
				@Override
				public synchronized int read(byte[] target, int offset, int length) {
					return super.read(target, offset, Math.min(length, readSize));
				}
			};
			assertThat(ProxyHeaders.readFrom(stream, new ProxyHeaderDecoder())).as("reads of %d", size).isEqualTo(expected);
			assertThat(stream.readAllBytes()).as("reads of %d", size).isEqualTo(AFTER);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("headers")
	void aTruncatedHeaderWaitsForMore(String name, byte[] header, ProxyHeader expected) throws IOException {
		for (int length = 0; length < header.length; length++) {
			ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
			assertThat(decoder.decode(ByteBuffer.wrap(header, 0, length))).isNull();
			assertThat(decoder.bytesWanted()).as("after %d bytes", length).isBetween(1, header.length - length);
		}
	}

	@Test
	void aV1HeaderOf107BytesIsTheLongestAccepted() throws IOException {
		byte[] longest = ascii("PROXY UNKNOWN " + "x".repeat(107 - 16) + "\r\n");
		assertThat(longest).hasSize(107);
		assertThat(new ProxyHeaderDecoder().decode(ByteBuffer.wrap(longest))).isEqualTo(new ProxyHeader(1, null, null));
		byte[] tooLong = ascii("PROXY UNKNOWN " + "x".repeat(107 - 15) + "\r\n");
		assertViolation(tooLong, Kind.OVERSIZE, "without CRLF within 107 bytes");
	}

	@Test
	void aV1HeaderWithoutAnEndIsOversizeAtItsBound() throws IOException {
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		ByteBuffer input = ByteBuffer.wrap(ascii("PROXY TCP4 " + "1".repeat(200)));
		assertThatExceptionOfType(ProxyHeaderViolation.class).isThrownBy(() -> decoder.decode(input))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(Kind.OVERSIZE));
		assertThat(input.position()).as("bytes taken").isEqualTo(107);
	}

	@Test
	void aV2HeaderLongerThanTheBoundIsOversizeBeforeItsBodyIsRead() {
		byte[] header = v2(CLIENT4, SERVER4, tlv(0x04, new byte[100]));
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(100);
		ByteBuffer input = ByteBuffer.wrap(header);
		assertThatExceptionOfType(ProxyHeaderViolation.class).isThrownBy(() -> decoder.decode(input))
			.satisfies(violation -> {
				assertThat(violation.kind()).isEqualTo(Kind.OVERSIZE);
				assertThat(violation).hasMessage("v2 header of 131 bytes, longer than the maximum of 100");
			});
		assertThat(input.position()).isEqualTo(16);
		byte[] claimsAll = v2(0x21, 0x11, new byte[0]);
		claimsAll[14] = (byte) 0xFF;
		claimsAll[15] = (byte) 0xFF;
		assertViolation(claimsAll, Kind.OVERSIZE, "v2 header of 65551 bytes, longer than the maximum of 4096");
	}

	static Stream<Arguments> missing() {
		return Stream.of(
				Arguments.of("a line", ascii("hello\n"), "'h'"),
				Arguments.of("an HTTP request", ascii("GET / HTTP/1.1\r\n"), "'G'"),
				Arguments.of("a TLS ClientHello", new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 }, "'\\x16'"),
				Arguments.of("a framed message", ascii("Headers\0\0\0\2hi"), "'H'"),
				Arguments.of("lower-case proxy", ascii("proxy TCP4"), "'p'"),
				Arguments.of("PROXY without its space", ascii("PROXYTCP4"), "'PROXYT'"),
				Arguments.of("half a v2 signature", concat(Arrays.copyOf(ProxyHeaders.V2_SIGNATURE, 6), ascii("x")),
						"'\\x0d\\x0a\\x0d\\x0a\\x00\\x0dx'"),
				Arguments.of("CRLF, as a line protocol might begin", ascii("\r\n\r\nhello"), "'\\x0d\\x0a\\x0d\\x0ah'"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("missing")
	void bytesThatAreNoHeaderAreMissingAtTheFirstByteThatShowsIt(String name, byte[] stream, String shown) {
		assertViolation(stream, Kind.MISSING, "no PROXY header: the connection began with " + shown);
	}

	static Stream<Arguments> malformed() {
		return Stream.of(
				Arguments.of(ascii("PROXY TCP4 192.0.2.7 198.51.100.1 51234\r\n"), "is not 'PROXY TCP4|TCP6"),
				Arguments.of(ascii("PROXY TCP4 192.0.2.7 198.51.100.1 51234 8080 9\r\n"), "is not 'PROXY TCP4|TCP6"),
				Arguments.of(ascii("PROXY TCP4  192.0.2.7 198.51.100.1 51234 8080\r\n"), "is not 'PROXY TCP4|TCP6"),
				Arguments.of(ascii("PROXY UDP4 192.0.2.7 198.51.100.1 51234 8080\r\n"), "is not 'PROXY TCP4|TCP6"),
				Arguments.of(ascii("PROXY \r\n"), "is not 'PROXY TCP4|TCP6"),
				Arguments.of(ascii("PROXY TCP4 2001:db8::7 198.51.100.1 51234 8080\r\n"), "'2001:db8::7' is not an IPv4"),
				Arguments.of(ascii("PROXY TCP6 192.0.2.7 2001:db8::1 51234 8080\r\n"), "'192.0.2.7' is not an IPv6"),
				Arguments.of(ascii("PROXY TCP4 192.0.2.256 198.51.100.1 51234 8080\r\n"), "'192.0.2.256' is not an IPv4"),
				Arguments.of(ascii("PROXY TCP4 localhost 198.51.100.1 51234 8080\r\n"), "'localhost' is not an IPv4"),
				Arguments.of(ascii("PROXY TCP6 [::1] ::1 51234 8080\r\n"), "'[::1]' is not an IPv6"),
				Arguments.of(ascii("PROXY TCP6 fe80::1%eth0 ::1 51234 8080\r\n"), "'fe80::1%eth0' is not an IPv6"),
				Arguments.of(ascii("PROXY TCP4 192.0.2.7 198.51.100.1 65536 8080\r\n"), "port '65536'"),
				Arguments.of(ascii("PROXY TCP4 192.0.2.7 198.51.100.1 -1 8080\r\n"), "port '-1'"),
				Arguments.of(ascii("PROXY TCP4 192.0.2.7 198.51.100.1 5123a 8080\r\n"), "port '5123a'"),
				Arguments.of(ascii("PROXY TCP4 192.0.2.7 198.51.100.1 51234 8080\n"), "byte 0x0a"),
				Arguments.of(ascii("PROXY TCP4 192.0.2.7\r198.51.100.1"), "CR not followed by LF"),
				Arguments.of(concat(ascii("PROXY TCP4 "), new byte[] { (byte) 0xC3, (byte) 0xA5 }), "byte 0xc3"),
				Arguments.of(v2(0x11, 0x11, new byte[12]), "version 1, not 2"),
				Arguments.of(v2(0x22, 0x11, new byte[12]), "command 2"),
				Arguments.of(v2(0x21, 0x41, new byte[12]), "family and transport 0x41"),
				Arguments.of(v2(0x21, 0x13, new byte[12]), "family and transport 0x13"),
				Arguments.of(v2(0x21, 0x11, new byte[11]), "11 bytes after the fixed part, too short for its 12 bytes"),
				Arguments.of(v2(0x21, 0x21, new byte[12]), "too short for its 36 bytes"),
				Arguments.of(v2(0x21, 0x31, new byte[36]), "too short for its 216 bytes"),
				Arguments.of(v2(0x21, 0x11, concat(new byte[12], tlv(0x04, new byte[3]), new byte[] { 1, 0 })),
						"2 stray bytes after its TLVs"),
				Arguments.of(v2(0x21, 0x11, concat(new byte[12], new byte[] { 0x04, 0x00, 0x05, 1, 2 })),
						"TLV of type 0x04 claims 5 bytes, 2 are left"),
				Arguments.of(v2(0x21, 0x11, concat(new byte[12], new byte[] { (byte) 0xEA, (byte) 0xFF, (byte) 0xFF })),
						"TLV of type 0xea claims 65535 bytes, 0 are left"));
	}

	@ParameterizedTest
	@MethodSource("malformed")
	void malformedHeadersAreRefusedSayingWhy(byte[] header, String why) {
		assertViolation(header, Kind.MALFORMED, why);
		// The same, a byte at a time.
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		assertThatExceptionOfType(ProxyHeaderViolation.class).isThrownBy(() -> {
			for (byte b : header) {
				decoder.decode(ByteBuffer.wrap(new byte[] { b }));
			}
		}).satisfies(violation -> assertThat(violation.kind()).isEqualTo(Kind.MALFORMED));
	}

	@Test
	void anIpv4MappedV1AddressIsTheIpv4Client() throws IOException {
		ProxyHeader header = new ProxyHeaderDecoder()
			.decode(ByteBuffer.wrap(ascii("PROXY TCP6 ::ffff:192.0.2.7 ::1 51234 8080\r\n")));
		assertThat(header.source()).isEqualTo(CLIENT4);
	}

	@Test
	void theFirstReadIsNeverLongerThanTheShortestHeader() {
		assertThat(new ProxyHeaderDecoder().bytesWanted()).isEqualTo(ascii("PROXY UNKNOWN\r\n").length);
	}

	private static void assertViolation(byte[] stream, Kind kind, String message) {
		assertThatExceptionOfType(ProxyHeaderViolation.class)
			.isThrownBy(() -> new ProxyHeaderDecoder().decode(ByteBuffer.wrap(stream)))
			.satisfies(violation -> {
				assertThat(violation.kind()).isEqualTo(kind);
				assertThat(violation.getMessage()).contains(message);
			});
	}

	private static byte[] rest(ByteBuffer buffer) {
		byte[] rest = new byte[buffer.remaining()];
		buffer.get(rest);
		return rest;
	}

	private static InetSocketAddress address(String literal, int port) {
		try {
			return new InetSocketAddress(InetAddress.getByName(literal), port);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
