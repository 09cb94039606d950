package org.ackgate.tcp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The source addresses an endpoint serves: CIDR blocks, IPv4 and IPv6, a bare address meaning
 * one host ({@code /32}, {@code /128}). Empty allows everyone. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:10.0.0.1}), in the list or as a peer, are treated as the IPv4 addresses they
 * carry, so {@code 10.0.0.0/8} admits a client seen through a dual-stack socket. Only literals
 * are accepted: no name is ever looked up.
 * <p>
 * It is also the list of entries as written, so a properties record can keep it as its
 * {@code allow} component: the entries are parsed once, when the properties bind.
 */
public final class AllowList extends AbstractList<String> {

	/** Allows every source. */
	public static final AllowList ANYONE = new AllowList(List.of(), List.of());

	private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

	private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-fA-F:.]+");

	private final List<Block> blocks;

	private final List<String> entries;

	private AllowList(List<Block> blocks, List<String> entries) {
		this.blocks = blocks;
		this.entries = entries;
	}

	/**
	 * Parses the entries of an {@code allow} property.
	 * @param property the property's name, for the message of a bad entry
	 * @throws IllegalArgumentException naming the property and the entry when one is not a CIDR block
	 */
	public static AllowList parse(String property, List<String> entries) {
		List<Block> blocks = new ArrayList<>(entries.size());
		for (int i = 0; i < entries.size(); i++) {
			String entry = entries.get(i);
			try {
				blocks.add(Block.parse((entry != null) ? entry.trim() : ""));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(property + "[" + i + "] '" + entry + "' is not a CIDR block or an "
						+ "IP address (for example 10.0.0.0/8, 2001:db8::/32, 127.0.0.1): " + ex.getMessage(), ex);
			}
		}
		return blocks.isEmpty() ? ANYONE : new AllowList(List.copyOf(blocks), List.copyOf(entries));
	}

	/** The entry as written in the property. */
	@Override
	public String get(int index) {
		return this.entries.get(index);
	}

	@Override
	public int size() {
		return this.entries.size();
	}

	/** Whether the list is empty, so everyone is allowed. */
	public boolean allowsEveryone() {
		return this.blocks.isEmpty();
	}

	/** Whether a peer with this address may connect. */
	public boolean allows(InetAddress address) {
		if (this.blocks.isEmpty()) {
			return true;
		}
		byte[] bytes = normalize(address.getAddress());
		for (Block block : this.blocks) {
			if (block.contains(bytes)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return this.blocks.toString();
	}

	/** Four bytes for IPv4 and IPv4-mapped IPv6, sixteen for other IPv6. */
	static byte[] normalize(byte[] address) {
		if (address.length == 16 && isIpv4Mapped(address)) {
			return Arrays.copyOfRange(address, 12, 16);
		}
		return address;
	}

	private static boolean isIpv4Mapped(byte[] address) {
		for (int i = 0; i < 10; i++) {
			if (address[i] != 0) {
				return false;
			}
		}
		return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
	}

	/** One CIDR block: the network's bytes (host bits zero) and the prefix length. */
	record Block(byte[] network, int prefix) {

		static Block parse(String text) {
			int slash = text.indexOf('/');
			String host = (slash >= 0) ? text.substring(0, slash) : text;
			byte[] raw = literal(host);
			int bits = raw.length * 8;
			int prefix = bits;
			if (slash >= 0) {
				String length = text.substring(slash + 1);
				if (!length.matches("\\d{1,3}")) {
					throw new IllegalArgumentException("the prefix length must be a number");
				}
				prefix = Integer.parseInt(length);
				if (prefix > bits) {
					throw new IllegalArgumentException("the prefix length must be at most " + bits);
				}
			}
			byte[] network = normalize(raw);
			if (network.length != raw.length) {
				// ::ffff:a.b.c.d/n is the IPv4 block a.b.c.d/(n - 96).
				if (prefix < 96) {
					throw new IllegalArgumentException("an IPv4-mapped block needs a prefix length of at least 96");
				}
				prefix -= 96;
			}
			if (!Arrays.equals(network, mask(network, prefix))) {
				throw new IllegalArgumentException("host bits are set beyond the /" + prefix + " prefix (the network is "
						+ format(mask(network, prefix)) + ")");
			}
			return new Block(network, prefix);
		}

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			int whole = this.prefix / 8;
			for (int i = 0; i < whole; i++) {
				if (address[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xff << (8 - rest)) & 0xff;
			return (address[whole] & mask) == (this.network[whole] & mask);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Block block && block.prefix == this.prefix
					&& Arrays.equals(block.network, this.network);
		}

		@Override
		public int hashCode() {
			return 31 * Arrays.hashCode(this.network) + this.prefix;
		}

		@Override
		public String toString() {
			return format(this.network) + "/" + this.prefix;
		}

		private static byte[] mask(byte[] address, int prefix) {
			byte[] masked = address.clone();
			for (int bit = prefix; bit < masked.length * 8; bit++) {
				masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
			}
			return masked;
		}

		private static String format(byte[] address) {
			try {
				return InetAddress.getByAddress(address).getHostAddress();
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/*
		 * InetAddress.getByName would look a name up, and on Java 17 reads "10.1" as an address;
		 * IPv4 is parsed here, and only text that can be nothing but an IPv6 literal is handed to it.
		 */
		private static byte[] literal(String host) {
			var ipv4 = IPV4.matcher(host);
			if (ipv4.matches()) {
				byte[] bytes = new byte[4];
				for (int i = 0; i < 4; i++) {
					int octet = Integer.parseInt(ipv4.group(i + 1));
					if (octet > 255) {
						throw new IllegalArgumentException("an IPv4 octet must be at most 255");
					}
					bytes[i] = (byte) octet;
				}
				return bytes;
			}
			if (host.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(host).matches()) {
				try {
					byte[] bytes = InetAddress.getByName(host).getAddress();
					return (bytes.length == 4) ? ipv4Mapped(bytes) : bytes;
				}
				catch (UnknownHostException ex) {
					throw new IllegalArgumentException("not an IPv6 address");
				}
			}
			throw new IllegalArgumentException("not an IPv4 or IPv6 address");
		}

		/* Java turns ::ffff:a.b.c.d into an Inet4Address; keep the 16 bytes so the prefix is read as IPv6's. */
		private static byte[] ipv4Mapped(byte[] ipv4) {
			byte[] mapped = new byte[16];
			mapped[10] = (byte) 0xff;
			mapped[11] = (byte) 0xff;
			System.arraycopy(ipv4, 0, mapped, 12, 4);
			return mapped;
		}

	}

}
