package org.ackgate.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.ackgate.net.AddressText;

/** PROXY headers as the protocol's text lays them out, written independently of the decoder. */
final class ProxyHeaders {

	static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };

	private ProxyHeaders() {
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/** {@code PROXY TCP4|TCP6 src dst sport dport\r\n}. */
	static byte[] v1(InetSocketAddress source, InetSocketAddress destination) {
		String family = (source.getAddress() instanceof Inet4Address) ? "TCP4" : "TCP6";
		return ascii("PROXY " + family + " " + AddressText.host(source.getAddress()) + " "
				+ AddressText.host(destination.getAddress()) + " " + source.getPort() + " " + destination.getPort() + "\r\n");
	}

	/** A v2 PROXY command over TCP with the addresses' family, and the given TLV bytes after them. */
	static byte[] v2(InetSocketAddress source, InetSocketAddress destination, byte[] tlvs) {
		boolean v4 = source.getAddress() instanceof Inet4Address;
		byte[] src = source.getAddress().getAddress();
		byte[] dst = destination.getAddress().getAddress();
		ByteBuffer block = ByteBuffer.allocate(2 * src.length + 4 + tlvs.length);
		block.put(src).put(dst).putShort((short) source.getPort()).putShort((short) destination.getPort()).put(tlvs);
		return v2(0x21, v4 ? 0x11 : 0x21, block.array());
	}

	/** Signature, version-and-command, family-and-transport, the length of {@code rest}, then {@code rest}. */
	static byte[] v2(int versionCommand, int familyTransport, byte[] rest) {
		return ByteBuffer.allocate(16 + rest.length)
			.put(V2_SIGNATURE)
			.put((byte) versionCommand)
			.put((byte) familyTransport)
			.putShort((short) rest.length)
			.put(rest)
			.array();
	}

	static byte[] tlv(int type, byte[] value) {
		return ByteBuffer.allocate(3 + value.length).put((byte) type).putShort((short) value.length).put(value).array();
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	/**
	 * Reads a header as {@link ProxyHeaderReader} does, never more than the decoder wants.
	 * @return the header, or {@code null} when the stream ended first
	 */
	static @Nullable ProxyHeader readFrom(InputStream input, ProxyHeaderDecoder decoder) throws IOException {
		byte[] chunk = new byte[ProxyHeaderDecoder.V1_MAX_LENGTH];
		while (true) {
			int read = input.read(chunk, 0, Math.min(chunk.length, decoder.bytesWanted()));
			if (read < 0) {
				return null;
			}
			ProxyHeader header = decoder.decode(ByteBuffer.wrap(chunk, 0, read));
			if (header != null) {
				return header;
			}
		}
	}

}
