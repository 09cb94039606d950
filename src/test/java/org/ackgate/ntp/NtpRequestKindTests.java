package org.ackgate.ntp;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NtpRequestKindTests {

	private static byte[] packet(int length, int version, int mode) {
		byte[] packet = new byte[length];
		if (length > 0) {
			packet[0] = (byte) ((version << 3) | mode);
		}
		return packet;
	}

	@Test
	void mode3Version1To4Of48BytesOrMoreIsAClientRequest() {
		for (int version = 1; version <= 4; version++) {
			assertThat(NtpRequestKind.of(packet(48, version, 3))).isEqualTo(NtpRequestKind.CLIENT);
		}
		assertThat(NtpRequestKind.of(packet(68, 4, 3))).as("with a MAC").isEqualTo(NtpRequestKind.CLIENT);
	}

	@Test
	void controlAndPrivateModesAreNeverAnsweredWhateverTheirLength() {
		assertThat(NtpRequestKind.of(packet(8, 2, 7))).as("monlist request").isEqualTo(NtpRequestKind.INVALID);
		assertThat(NtpRequestKind.of(packet(12, 2, 6))).isEqualTo(NtpRequestKind.INVALID);
		assertThat(NtpRequestKind.of(packet(48, 4, 6))).isEqualTo(NtpRequestKind.INVALID);
	}

	@Test
	void otherModesAndMalformedRequestsOfNtpShapeAreNotAnswered() {
		for (int mode : new int[] { 0, 1, 2, 4, 5 }) {
			assertThat(NtpRequestKind.of(packet(48, 4, mode))).isEqualTo(NtpRequestKind.INVALID);
		}
		assertThat(NtpRequestKind.of(packet(50, 4, 3))).as("not a whole number of words").isEqualTo(NtpRequestKind.INVALID);
		assertThat(NtpRequestKind.of(packet(2048, 4, 3))).as("too long").isEqualTo(NtpRequestKind.INVALID);
	}

	@Test
	void theSeedsTextRequestAndOtherTextAreText() {
		assertThat(NtpRequestKind.of("获取时间".getBytes(StandardCharsets.UTF_8))).isEqualTo(NtpRequestKind.TEXT);
		assertThat(NtpRequestKind.of(new byte[0])).isEqualTo(NtpRequestKind.TEXT);
		assertThat(NtpRequestKind.of("x".repeat(100).getBytes(StandardCharsets.UTF_8))).isEqualTo(NtpRequestKind.TEXT);
		assertThat(NtpRequestKind.of(packet(20, 4, 3))).as("too short for NTP").isEqualTo(NtpRequestKind.TEXT);
	}

}
