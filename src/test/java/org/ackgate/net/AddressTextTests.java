package org.ackgate.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AddressTextTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"127.0.0.1                               | 127.0.0.1:37026",
			"0:0:0:0:0:0:0:1                         | [::1]:37026",
			"2001:0DB8:0000:0000:0000:0000:0000:0001 | [2001:db8::1]:37026",
			"2001:db8:0:0:1:0:0:1                    | [2001:db8::1:0:0:1]:37026",
			"2001:db8:0:1:1:1:1:1                    | [2001:db8:0:1:1:1:1:1]:37026",
			"fe80:0:0:0:0:0:0:0                      | [fe80::]:37026",
			"0:0:0:0:0:0:0:0                         | [::]:37026",
			"::ffff:192.0.2.7                        | 192.0.2.7:37026" })
	void peersPrintInRfc5952ShortFormWithIpv6InBrackets(String literal, String expected) throws UnknownHostException {
		InetAddress address = InetAddress.getByName(literal);
		assertThat(AddressText.of(address, 37026)).isEqualTo(expected);
		assertThat(AddressText.of(new InetSocketAddress(address, 37026))).isEqualTo(expected);
	}

	@Test
	void aListenerOnEveryAddressIsAStar() throws UnknownHostException {
		assertThat(AddressText.listening(null, 8080)).isEqualTo("*:8080");
		assertThat(AddressText.listening(InetAddress.getByName("0.0.0.0"), 8080)).isEqualTo("*:8080");
		assertThat(AddressText.listening(InetAddress.getByName("::"), 8123)).isEqualTo("*:8123");
		assertThat(AddressText.listening(InetAddress.getByName("127.0.0.1"), 8080)).isEqualTo("127.0.0.1:8080");
		assertThat(AddressText.listening(InetAddress.getByName("::1"), 8080)).isEqualTo("[::1]:8080");
	}

	@Test
	void configuredHostsKeepTheirTextWithIpv6Bracketed() {
		assertThat(AddressText.hostAndPort("kafka.example", 9092)).isEqualTo("kafka.example:9092");
		assertThat(AddressText.hostAndPort("::1", 9092)).isEqualTo("[::1]:9092");
		assertThat(AddressText.hostAndPort("[::1]", 9092)).isEqualTo("[::1]:9092");
		assertThat(AddressText.of(InetSocketAddress.createUnresolved("upstream.example", 7373)))
			.isEqualTo("upstream.example:7373");
	}

	@Test
	void aHostIsTheAddressAlone() throws UnknownHostException {
		assertThat(AddressText.host(InetAddress.getByName("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
		assertThat(AddressText.host(InetAddress.getByName("10.1.2.3"))).isEqualTo("10.1.2.3");
	}

}
