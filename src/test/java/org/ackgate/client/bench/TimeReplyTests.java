package org.ackgate.client.bench;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TimeReplyTests {

	@ParameterizedTest
	@ValueSource(strings = { "2024-07-19T02:37:05-07:00", "2024-07-19T09:37:05Z", "2024-07-19T02:37:05.123+08:00",
			"2024-07-19 02:37:05.123456789 -0700 PDT m=+0.001234567", "2024-07-19 09:37:05 +0000 UTC",
			"2024-07-19 02:37:05.1 +0800 +0800 m=+12.000000000" })
	void theTimeEndpointsFormats(String reply) {
		assertThat(isTime(reply)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "获取时间", "2024-07-19", "2024-07-19T02:37:05", "2024-07-19T02:37:05-07:00\n",
			"garbage 2024-07-19T02:37:05Z" })
	void anythingElse(String reply) {
		assertThat(isTime(reply)).isFalse();
	}

	private static boolean isTime(String reply) {
		byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
		return TimeReply.isTime(bytes, bytes.length);
	}

}
