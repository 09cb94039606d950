package org.ackgate.wire;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadPreviewTests {

	@Test
	void printableUtf8IsShownAsEscapedText() {
		assertThat(PayloadPreview.describe("我收到了 \"ok\"\r\n".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("text=\"我收到了 \\\"ok\\\"\\r\\n\"");
	}

	@Test
	void binaryIsShownAsHex() {
		assertThat(PayloadPreview.describe(new byte[] { 0, 1, (byte) 0xFF })).isEqualTo("hex=0001ff");
	}

	@Test
	void longPayloadsAreCut() {
		assertThat(PayloadPreview.describe("a".repeat(300).getBytes(StandardCharsets.UTF_8))).endsWith("a\"…")
			.hasSize("text=\"\"…".length() + 256);
	}

}
