package org.ackgate.rfc868;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Rfc868TimeTests {

	@Test
	void rfc868IsSecondsSince1900ModuloTwoToThe32() {
		assertThat(Rfc868Time.encode(Instant.EPOCH)).containsExactly(0x83, 0xAA, 0x7E, 0x80);
		assertThat(Rfc868Time.encode(Instant.parse("2036-02-07T06:28:15Z"))).containsExactly(0xFF, 0xFF, 0xFF, 0xFF);
		assertThat(Rfc868Time.encode(Instant.parse("2036-02-07T06:28:17Z"))).containsExactly(0, 0, 0, 1);
	}

}
