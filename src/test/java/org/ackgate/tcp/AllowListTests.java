package org.ackgate.tcp;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AllowListTests {

	private static final String PROPERTY = "ackgate.line.allow";

	@Test
	void emptyAllowsEveryone() throws Exception {
		AllowList list = AllowList.parse(PROPERTY, List.of());
		assertThat(list.allowsEveryone()).isTrue();
		assertThat(list.allows(InetAddress.getByName("203.0.113.7"))).isTrue();
		assertThat(list.allows(InetAddress.getByName("2001:db8::1"))).isTrue();
	}

	@Test
	void ipv4BlocksMatchByPrefix() throws Exception {
		AllowList list = AllowList.parse(PROPERTY, List.of("10.0.0.0/8", "192.168.4.0/22"));
		assertThat(list.allows(address("10.0.0.0"))).isTrue();
		assertThat(list.allows(address("10.255.255.255"))).isTrue();
		assertThat(list.allows(address("11.0.0.0"))).isFalse();
		assertThat(list.allows(address("9.255.255.255"))).isFalse();
		assertThat(list.allows(address("192.168.4.1"))).isTrue();
		assertThat(list.allows(address("192.168.7.255"))).isTrue();
		assertThat(list.allows(address("192.168.8.0"))).isFalse();
		assertThat(list.allows(address("192.168.3.255"))).isFalse();
	}

	@Test
	void aBareAddressIsOneHost() throws Exception {
		AllowList list = AllowList.parse(PROPERTY, List.of("127.0.0.1", "2001:db8::5"));
		assertThat(list.allows(address("127.0.0.1"))).isTrue();
		assertThat(list.allows(address("127.0.0.2"))).isFalse();
		assertThat(list.allows(address("2001:db8::5"))).isTrue();
		assertThat(list.allows(address("2001:db8::4"))).isFalse();
	}

	@Test
	void ipv6BlocksMatchByPrefixAndNeverMatchIpv4() throws Exception {
		AllowList list = AllowList.parse(PROPERTY, List.of("2001:db8::/32", "fc00::/7"));
		assertThat(list.allows(address("2001:db8:ffff::1"))).isTrue();
		assertThat(list.allows(address("2001:db9::1"))).isFalse();
		assertThat(list.allows(address("fdff::1"))).isTrue();
		assertThat(list.allows(address("fc00::1"))).isTrue();
		assertThat(list.allows(address("fe00::1"))).isFalse();
		assertThat(list.allows(address("10.0.0.1"))).isFalse();
	}

	@Test
	void zeroPrefixesAllowTheirWholeFamily() throws Exception {
		AllowList ipv4 = AllowList.parse(PROPERTY, List.of("0.0.0.0/0"));
		assertThat(ipv4.allows(address("203.0.113.9"))).isTrue();
		assertThat(ipv4.allows(address("::1"))).isFalse();
		AllowList ipv6 = AllowList.parse(PROPERTY, List.of("::/0"));
		assertThat(ipv6.allows(address("::1"))).isTrue();
		assertThat(ipv6.allows(address("203.0.113.9"))).isFalse();
	}

	@Test
	void ipv4MappedAddressesAreTreatedAsIpv4OnBothSides() throws Exception {
		AllowList list = AllowList.parse(PROPERTY, List.of("::ffff:10.0.0.0/104", "::ffff:192.0.2.1"));
		assertThat(list.allows(address("10.1.2.3"))).isTrue();
		assertThat(list.allows(address("192.0.2.1"))).isTrue();
		assertThat(list.allows(address("192.0.2.2"))).isFalse();
		byte[] mapped = new byte[16];
		mapped[10] = (byte) 0xff;
		mapped[11] = (byte) 0xff;
		mapped[12] = 10;
		mapped[15] = 1;
		assertThat(AllowList.normalize(mapped)).containsExactly(10, 0, 0, 1);
		assertThat(AllowList.parse(PROPERTY, List.of("10.0.0.0/8")).allows(address("::ffff:10.0.0.1"))).isTrue();
	}

	@Test
	void prefixesThatAreNotWholeBytesCompareOnlyTheirBits() throws Exception {
		AllowList list = AllowList.parse(PROPERTY, List.of("172.16.0.0/12", "2001:db8:8000::/33"));
		assertThat(list.allows(address("172.31.255.255"))).isTrue();
		assertThat(list.allows(address("172.32.0.0"))).isFalse();
		assertThat(list.allows(address("172.15.255.255"))).isFalse();
		assertThat(list.allows(address("2001:db8:ffff::1"))).isTrue();
		assertThat(list.allows(address("2001:db8:7fff::1"))).isFalse();
	}

	@Test
	void badEntriesFailNamingThePropertyAndTheEntry() {
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("10.0.0.0/8", "10.0.0.0/33")))
			.withMessageStartingWith("ackgate.line.allow[1] '10.0.0.0/33' is not a CIDR block")
			.withMessageContaining("at most 32");
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("10.0.0.256")))
			.withMessageContaining("at most 255");
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("10.1.2.3/8")))
			.withMessageContaining("host bits are set").withMessageContaining("10.0.0.0");
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("example.com")))
			.withMessageContaining("'example.com'");
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("10.1")))
			.withMessageContaining("'10.1'");
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("2001:db8::/129")))
			.withMessageContaining("at most 128");
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("2001:db8:::1")))
			.withMessageContaining("not an IPv6 address");
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("10.0.0.0/")))
			.withMessageContaining("prefix length must be a number");
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("::ffff:10.0.0.0/64")))
			.withMessageContaining("at least 96");
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("")))
			.withMessageContaining("ackgate.line.allow[0]");
	}

	@Test
	void printsItsBlocks() {
		assertThat(AllowList.parse(PROPERTY, List.of(" 10.0.0.0/8 ", "::1")).toString()).isEqualTo("[10.0.0.0/8, 0:0:0:0:0:0:0:1/128]");
	}

	/** A list with any entry is not "everyone": the connection factory checks it only then. */
	@Test
	void aListWithEntriesDoesNotAllowEveryone() throws Exception {
		AllowList list = AllowList.parse(PROPERTY, List.of("10.0.0.0/8"));
		assertThat(list.allowsEveryone()).isFalse();
		assertThat(list.allows(address("10.1.2.3"))).isTrue();
		assertThat(list.allows(address("11.0.0.1"))).isFalse();
		assertThat(AllowList.ANYONE.allowsEveryone()).isTrue();
	}

	/** Blocks are values: the same network and prefix are equal however they were written. */
	@Test
	void blocksWithTheSameNetworkAndPrefixAreEqual() {
		AllowList.Block block = AllowList.Block.parse("10.0.0.0/8");
		assertThat(block).isEqualTo(AllowList.Block.parse("10.0.0.0/8"))
			.hasSameHashCodeAs(AllowList.Block.parse("10.0.0.0/8"))
			.isEqualTo(AllowList.Block.parse("::ffff:10.0.0.0/104"))
			.isNotEqualTo(AllowList.Block.parse("10.0.0.0/9"))
			.isNotEqualTo(AllowList.Block.parse("11.0.0.0/8"))
			.isNotEqualTo("10.0.0.0/8");
		assertThat(block.hashCode()).isNotEqualTo(AllowList.Block.parse("10.0.0.0/9").hashCode())
			.isNotEqualTo(AllowList.Block.parse("11.0.0.0/8").hashCode());
	}

	/** Each bound at its edge: a full-length prefix, the smallest IPv4-mapped prefix, the top octet. */
	@Test
	void theLargestPrefixAndOctetAreValid() throws Exception {
		AllowList host = AllowList.parse(PROPERTY, List.of("10.0.0.1/32", "2001:db8::1/128"));
		assertThat(host.allows(address("10.0.0.1"))).isTrue();
		assertThat(host.allows(address("10.0.0.2"))).isFalse();
		assertThat(host.allows(address("2001:db8::1"))).isTrue();
		assertThat(host.allows(address("2001:db8::2"))).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("10.0.0.1/33")))
			.withMessageContaining("at most 32");
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("::1/129")))
			.withMessageContaining("at most 128");

		AllowList everyIpv4 = AllowList.parse(PROPERTY, List.of("::ffff:0.0.0.0/96"));
		assertThat(everyIpv4.allows(address("203.0.113.7"))).isTrue();
		assertThat(everyIpv4.allows(address("2001:db8::1"))).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("::ffff:0.0.0.0/95")))
			.withMessageContaining("at least 96");

		assertThat(AllowList.parse(PROPERTY, List.of("255.255.255.255")).allows(address("255.255.255.255"))).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(PROPERTY, List.of("256.0.0.0")))
			.withMessageContaining("at most 255");
	}

	@Test
	void theListIsItsEntriesAsWritten() {
		assertThat(AllowList.parse(PROPERTY, List.of("10.0.0.0/8", "::1"))).containsExactly("10.0.0.0/8", "::1");
		assertThat(AllowList.ANYONE).isEmpty();
	}

	private static InetAddress address(String literal) throws Exception {
		return InetAddress.getByName(literal);
	}

}
