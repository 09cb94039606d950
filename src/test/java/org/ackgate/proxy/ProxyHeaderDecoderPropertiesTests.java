package org.ackgate.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import org.ackgate.support.ChunkedInputStream;
import org.ackgate.support.Theories;

import static org.ackgate.support.Theories.byteArrays;
import static org.ackgate.support.Theories.bytesFavouring;
import static org.ackgate.support.Theories.pieces;
import static org.ackgate.support.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * However TCP cuts a PROXY header and what follows it, the decoder reads the same header and
 * leaves every byte after it; and any bytes at all decode alike, cut or whole, within the bounds.
 */
class ProxyHeaderDecoderPropertiesTests {

	private static Gen<InetSocketAddress> addresses(boolean v6) {
		return Generate.byteArrays(Generate.constant(v6 ? 16 : 4), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
			.zip(integers().between(0, 65535), (bytes, port) -> {
				if (v6) {
					// Not IPv4-mapped (::ffff:a.b.c.d): that one is an IPv4 client, written as such.
					bytes[0] |= 0x20;
				}
				return new InetSocketAddress(address(bytes), port);
			});
	}

	private static final Gen<byte[]> TLVS = lists()
		.of(integers().between(0, 255).zip(byteArrays(40, bytesFavouring("ab\0")), ProxyHeaders::tlv))
		.ofSizeBetween(0, 4)
		.map(list -> ProxyHeaders.concat(list.toArray(byte[][]::new)));

	/** A header, v1 or v2, IPv4 or IPv6, with TLVs for v2, and what it says. */
	private static final Gen<Case> HEADERS = booleans().all().flatMap(v6 -> addresses(v6).zip(addresses(v6), booleans().all(), TLVS,
			(source, destination, text, tlvs) -> new Case(
					text ? ProxyHeaders.v1(source, destination) : ProxyHeaders.v2(source, destination, tlvs),
					new ProxyHeader(text ? 1 : 2, source, destination))));

	@Test
	void headersCutAnywhereDecodeAndLeaveWhatFollows() {
		qt().forAll(HEADERS, byteArrays(30, bytesFavouring("PROXY \r\n")), pieces())
			.checkAssert((header, after, pieces) -> {
				ChunkedInputStream stream = ChunkedInputStream.pieces(ProxyHeaders.concat(header.bytes(), after), pieces);
				try {
					assertThat(read(stream, new ProxyHeaderDecoder())).isEqualTo(header.decoded());
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				assertThat(rest(stream)).isEqualTo(after);
			});
	}

	@Test
	void anyBytesDecodeAlikeCutOrWholeWithinTheBounds() {
		Gen<byte[]> streams = Generate.pick(List.of(ProxyHeaders.ascii("PROXY TCP4 "), ProxyHeaders.ascii("PROXY TCP6 "),
				ProxyHeaders.V2_SIGNATURE, new byte[0]))
			.zip(byteArrays(150, bytesFavouring("PROXY UNKNOWN TCP4 0123456789.:\r\n\u0021\u0011\u0000")), ProxyHeaders::concat)
			.describedAs(Theories::hex);
		qt().forAll(streams, pieces()).checkAssert((bytes, pieces) -> {
			String whole = outcome(bytes, new ChunkedInputStream(bytes, Integer.MAX_VALUE));
			assertThat(outcome(bytes, ChunkedInputStream.pieces(bytes, pieces))).isEqualTo(whole);
		});
	}

	/** The header and how many bytes it took, or the kind of violation; never more bytes than the bound. */
	private static String outcome(byte[] bytes, ChunkedInputStream stream) {
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(64);
		String result;
		try {
			// A header takes exactly its bytes, however they came.
			result = read(stream, decoder) + " after " + decoder.bytesTaken() + " bytes";
		}
		catch (ProxyHeaderViolation violation) {
			// The rest of a read that showed the violation is gone with the connection.
			result = violation.kind().label();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		int taken = bytes.length - rest(stream).length;
		assertThat(taken).as("bytes taken off the stream").isLessThanOrEqualTo(ProxyHeaderDecoder.V1_MAX_LENGTH);
		return result;
	}

	private static byte[] rest(ChunkedInputStream stream) {
		try {
			return stream.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ProxyHeader read(java.io.InputStream stream, ProxyHeaderDecoder decoder) throws IOException {
		return ProxyHeaders.readFrom(stream, decoder);
	}

	private static InetAddress address(byte[] bytes) {
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Case(byte[] bytes, ProxyHeader decoded) {

		@Override
		public String toString() {
			return Theories.hex(this.bytes);
		}

	}

}
