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

	/** Valid UTF-8 that holds control characters (an escape sequence, DEL) is shown as hex, not text. */
	@Test
	void controlCharactersMakeValidUtf8Hex() {
		assertThat(PayloadPreview.describe(new byte[] { 'a', 0x01 })).isEqualTo("hex=6101");
		assertThat(PayloadPreview.describe(new byte[] { 'a', 0x7F })).isEqualTo("hex=617f");
		assertThat(PayloadPreview.describe(new byte[] { 0x1B, '[', 'm' })).isEqualTo("hex=1b5b6d");
		assertThat(PayloadPreview.describe(new byte[] { 'a', '\t', 'b', ' ', '~' })).isEqualTo("text=\"a\\tb ~\"");
	}

}
