package org.ackgate.client.bench;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchPayloadTests {

	@Test
	void exactlyTheSizeStartingWithConnectionAndSequence() {
		BenchPayload payload = new BenchPayload(3, 16);
		assertThat(new String(payload.forSequence(17), StandardCharsets.US_ASCII)).isEqualTo("C3-m17 xxxxxxxxx");
		assertThat(new String(payload.forSequence(1234), StandardCharsets.US_ASCII)).isEqualTo("C3-m1234 xxxxxxx");
	}

	@Test
	void aSequenceSentAgainAfterAReconnectIsTheSameMessageAsBefore() {
		BenchPayload payload = new BenchPayload(3, 16);
		String first = new String(payload.forSequence(999), StandardCharsets.US_ASCII);
		assertThat(new String(payload.forSequence(1000), StandardCharsets.US_ASCII)).isEqualTo("C3-m1000 xxxxxxx");
		// The id got shorter: the byte the longer one used is filler again.
		assertThat(new String(payload.forSequence(999), StandardCharsets.US_ASCII)).isEqualTo(first)
			.isEqualTo("C3-m999 xxxxxxxx");
	}

	@Test
	void smallSizesKeepWhatFits() {
		assertThat(new String(new BenchPayload(12, 4).forSequence(99), StandardCharsets.US_ASCII)).isEqualTo("C12-");
		assertThat(new BenchPayload(0, 0).forSequence(5)).isEmpty();
	}

	@Test
	void neverALineFeed() {
		byte[] large = new BenchPayload(7, 16 * 1024).forSequence(123456789);
		assertThat(large).hasSize(16 * 1024).doesNotContain((byte) '\n');
	}

}
