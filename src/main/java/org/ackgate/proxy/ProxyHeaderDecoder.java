package org.ackgate.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;

import org.ackgate.proxy.ProxyHeaderViolation.Kind;

/**
 * Decodes one PROXY protocol header, v1 or v2 (told apart by their signatures), from bytes fed
 * in pieces of any size. It never takes a byte beyond the header: {@link #bytesWanted()} says how
 * many may be read next without reaching into what follows (a TLS ClientHello, the first message),
 * and {@link #decode(ByteBuffer)} leaves anything past the header in the buffer. Memory is bounded:
 * 107 bytes for v1, the configured maximum for v2. One decoder per connection; not thread-safe.
 *
 * @see <a href="https://www.haproxy.org/download/2.9/doc/proxy-protocol.txt">The PROXY protocol</a>
 */
public final class ProxyHeaderDecoder {

	/** The longest v1 header, CRLF included, as the protocol bounds it. */
	public static final int V1_MAX_LENGTH = 107;

	/** The longest v2 header accepted by default: addresses and every TLV a balancer sends, with room. */
	public static final int DEFAULT_V2_MAX_LENGTH = 4096;

	static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);

	static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };

	/** The v2 signature, version and command, family and transport, and the length. */
	static final int V2_FIXED_LENGTH = 16;

	/** {@code PROXY UNKNOWN\r\n}: no header is shorter, so this many bytes may always be read first. */
	private static final int SHORTEST_HEADER = 15;

	private static final int V2_LOCAL = 0x0;

	private static final int V2_PROXY = 0x1;

	private static final int FAMILY_UNSPEC = 0x0;

	private static final int FAMILY_INET = 0x1;

	private static final int FAMILY_INET6 = 0x2;

	private static final int FAMILY_UNIX = 0x3;

	private static final int TRANSPORT_STREAM = 0x1;

	private final int v2MaxLength;

	private byte[] buffer = new byte[V2_FIXED_LENGTH];

	private int count;

	/** 0 while the signature is still being matched. */
	private int version;

	/** The v2 header's whole length, known after its fixed part. */
	private int v2Length;

	private @Nullable ProxyHeader header;

	public ProxyHeaderDecoder() {
		this(DEFAULT_V2_MAX_LENGTH);
	}

	/** @param v2MaxLength the longest v2 header accepted, fixed part, addresses and TLVs together */
	public ProxyHeaderDecoder(int v2MaxLength) {
		if (v2MaxLength < V2_FIXED_LENGTH + 36) {
			throw new IllegalArgumentException("v2MaxLength must hold an IPv6 header (52 bytes), was " + v2MaxLength);
		}
		this.v2MaxLength = v2MaxLength;
	}

	/** How many bytes can be read next without reading past the header; 0 once it is decoded. */
	public int bytesWanted() {
		if (this.header != null) {
			return 0;
		}
		if (this.version == 2) {
			return (this.count < V2_FIXED_LENGTH) ? V2_FIXED_LENGTH - this.count : this.v2Length - this.count;
		}
		if (this.count < SHORTEST_HEADER) {
			return SHORTEST_HEADER - this.count;
		}
		// A v1 line ends in CRLF: two bytes are safe, one after a CR.
		return Math.min((this.buffer[this.count - 1] == '\r') ? 1 : 2, V1_MAX_LENGTH - this.count);
	}

	/** How many header bytes were taken so far. */
	public int bytesTaken() {
		return this.count;
	}

	/**
	 * Takes header bytes from {@code input}, at most up to the end of the header.
	 * @return the header once complete, otherwise {@code null}: feed more
	 * @throws ProxyHeaderViolation {@code MISSING}, {@code MALFORMED} or {@code OVERSIZE} as soon
	 * as the bytes so far show it
	 */
	public @Nullable ProxyHeader decode(ByteBuffer input) throws ProxyHeaderViolation {
		while (this.header == null && input.hasRemaining()) {
			take(input.get());
		}
		return this.header;
	}

	private void take(byte b) throws ProxyHeaderViolation {
		switch (this.version) {
			case 0 -> matchSignature(b);
			case 1 -> takeV1(b);
			default -> takeV2(b);
		}
	}

	private void matchSignature(byte b) throws ProxyHeaderViolation {
		int at = this.count;
		boolean v1 = at < V1_SIGNATURE.length && Arrays.equals(this.buffer, 0, at, V1_SIGNATURE, 0, at)
				&& b == V1_SIGNATURE[at];
		boolean v2 = Arrays.equals(this.buffer, 0, at, V2_SIGNATURE, 0, at) && b == V2_SIGNATURE[at];
		if (!v1 && !v2) {
			throw new ProxyHeaderViolation(Kind.MISSING, "no PROXY header: the connection began with "
					+ printable(Arrays.copyOf(this.buffer, at), b));
		}
		this.buffer[this.count++] = b;
		if (v1 && this.count == V1_SIGNATURE.length) {
			this.version = 1;
			this.buffer = Arrays.copyOf(this.buffer, V1_MAX_LENGTH);
		}
		else if (v2 && this.count == V2_SIGNATURE.length) {
			this.version = 2;
		}
	}

	private void takeV1(byte b) throws ProxyHeaderViolation {
		byte previous = this.buffer[this.count - 1];
		this.buffer[this.count++] = b;
		if (previous == '\r') {
			if (b != '\n') {
				throw malformed("v1 header with a CR not followed by LF");
			}
			this.header = parseV1(new String(this.buffer, 0, this.count - 2, StandardCharsets.US_ASCII));
		}
		else if (b != '\r' && (b < 0x20 || b > 0x7E)) {
			throw malformed("v1 header with byte 0x%02x, which is not printable ASCII".formatted(b & 0xFF));
		}
		else if (this.count == V1_MAX_LENGTH) {
			throw new ProxyHeaderViolation(Kind.OVERSIZE, "v1 header without CRLF within " + V1_MAX_LENGTH + " bytes");
		}
	}

	private static ProxyHeader parseV1(String line) throws ProxyHeaderViolation {
		String[] fields = line.split(" ", -1);
		if (fields.length >= 2 && fields[1].equals("UNKNOWN")) {
			return ProxyHeader.keepBalancerAddress(1);
		}
		if (fields.length != 6 || !(fields[1].equals("TCP4") || fields[1].equals("TCP6"))) {
			throw malformed("v1 header '" + line + "' is not 'PROXY TCP4|TCP6 source destination sport dport' or 'PROXY UNKNOWN'");
		}
		boolean v6 = fields[1].equals("TCP6");
		InetAddress source = v1Address(fields[2], v6);
		InetAddress destination = v1Address(fields[3], v6);
		return new ProxyHeader(1, new InetSocketAddress(source, v1Port(fields[4])),
				new InetSocketAddress(destination, v1Port(fields[5])));
	}

	private static InetAddress v1Address(String text, boolean v6) throws ProxyHeaderViolation {
		boolean plain = !text.isEmpty() && text.chars()
			.allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.');
		boolean valid = plain && (v6 ? NetUtil.isValidIpV6Address(text) : NetUtil.isValidIpV4Address(text));
		byte[] bytes = valid ? NetUtil.createByteArrayFromIpAddressString(text) : null;
		if (bytes == null) {
			throw malformed("v1 header address '" + text + "' is not an " + (v6 ? "IPv6" : "IPv4") + " address");
		}
		return address(bytes);
	}

	private static int v1Port(String text) throws ProxyHeaderViolation {
		if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
				|| Integer.parseInt(text) > 65535) {
			throw malformed("v1 header port '" + text + "' is not a number from 0 to 65535");
		}
		return Integer.parseInt(text);
	}

	private void takeV2(byte b) throws ProxyHeaderViolation {
		this.buffer[this.count++] = b;
		if (this.count == V2_FIXED_LENGTH) {
			this.v2Length = V2_FIXED_LENGTH + checkV2Fixed();
			if (this.v2Length > this.v2MaxLength) {
				throw new ProxyHeaderViolation(Kind.OVERSIZE, "v2 header of " + this.v2Length
						+ " bytes, longer than the maximum of " + this.v2MaxLength);
			}
			this.buffer = Arrays.copyOf(this.buffer, this.v2Length);
		}
		if (this.count >= V2_FIXED_LENGTH && this.count == this.v2Length) {
			this.header = parseV2();
		}
	}

	/** Checks version, command, family and transport; returns the length of what follows. */
	private int checkV2Fixed() throws ProxyHeaderViolation {
		int versionCommand = this.buffer[12] & 0xFF;
		if (versionCommand >> 4 != 2) {
			throw malformed("v2 header with version " + (versionCommand >> 4) + ", not 2");
		}
		int command = versionCommand & 0x0F;
		if (command != V2_LOCAL && command != V2_PROXY) {
			throw malformed("v2 header with command " + command + ", neither LOCAL (0) nor PROXY (1)");
		}
		int familyTransport = this.buffer[13] & 0xFF;
		if (familyTransport >> 4 > FAMILY_UNIX || (familyTransport & 0x0F) > 2) {
			throw malformed("v2 header with family and transport 0x%02x".formatted(familyTransport));
		}
		int length = ((this.buffer[14] & 0xFF) << 8) | (this.buffer[15] & 0xFF);
		int addresses = (command == V2_PROXY) ? addressLength(familyTransport >> 4) : 0;
		if (length < addresses) {
			throw malformed("v2 header of " + length + " bytes after the fixed part, too short for its "
					+ addresses + " bytes of addresses");
		}
		return length;
	}

	private static int addressLength(int family) {
		return switch (family) {
			case FAMILY_INET -> 12;
			case FAMILY_INET6 -> 36;
			case FAMILY_UNIX -> 216;
			default -> 0;
		};
	}

	private ProxyHeader parseV2() throws ProxyHeaderViolation {
		int command = this.buffer[12] & 0x0F;
		int family = (this.buffer[13] & 0xFF) >> 4;
		int transport = this.buffer[13] & 0x0F;
		if (command == V2_LOCAL || family == FAMILY_UNSPEC) {
			// The protocol says to ignore whatever follows.
			return ProxyHeader.keepBalancerAddress(2);
		}
		int addresses = addressLength(family);
		skipTlvs(V2_FIXED_LENGTH + addresses);
		if (family == FAMILY_UNIX || transport != TRANSPORT_STREAM) {
			return ProxyHeader.keepBalancerAddress(2);
		}
		int size = (family == FAMILY_INET) ? 4 : 16;
		ByteBuffer block = ByteBuffer.wrap(this.buffer, V2_FIXED_LENGTH, addresses);
		byte[] source = new byte[size];
		byte[] destination = new byte[size];
		block.get(source).get(destination);
		int sourcePort = Short.toUnsignedInt(block.getShort());
		int destinationPort = Short.toUnsignedInt(block.getShort());
		return new ProxyHeader(2, new InetSocketAddress(address(source), sourcePort),
				new InetSocketAddress(address(destination), destinationPort));
	}

	/** TLVs (type, 2-byte length, value) up to the end, each within it; none is used. */
	private void skipTlvs(int from) throws ProxyHeaderViolation {
		int at = from;
		while (at < this.v2Length) {
			if (this.v2Length - at < 3) {
				throw malformed("v2 header with " + (this.v2Length - at) + " stray bytes after its TLVs");
			}
			int length = ((this.buffer[at + 1] & 0xFF) << 8) | (this.buffer[at + 2] & 0xFF);
			if (length > this.v2Length - at - 3) {
				throw malformed("v2 TLV of type 0x%02x claims %d bytes, %d are left".formatted(this.buffer[at] & 0xFF,
						length, this.v2Length - at - 3));
			}
			at += 3 + length;
		}
	}

	private static InetAddress address(byte[] bytes) {
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("4 or 16 bytes are an address", ex);
		}
	}

	private static ProxyHeaderViolation malformed(String message) {
		return new ProxyHeaderViolation(Kind.MALFORMED, message);
	}

	/** The first bytes as a log line may show them: printable ASCII as is, the rest in hex. */
	private static String printable(byte[] seen, byte last) {
		StringBuilder text = new StringBuilder("'");
		byte[] all = Arrays.copyOf(seen, seen.length + 1);
		all[seen.length] = last;
		for (byte b : all) {
			text.append((b >= 0x20 && b <= 0x7E && b != '\'') ? String.valueOf((char) b) : "\\x%02x".formatted(b & 0xFF));
		}
		return text.append('\'').toString();
	}

}
