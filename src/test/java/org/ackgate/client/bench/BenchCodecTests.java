package org.ackgate.client.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.ackgate.framed.AckFraming;
import org.ackgate.framed.HeadersCodec;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCodecTests {

	@Test
	void lineRequestIsThePayloadAndLf() {
		LineBenchCodec codec = new LineBenchCodec(2, 12, "已接收: ", 1024);
		assertThat(new String(request(codec, 5), StandardCharsets.UTF_8)).isEqualTo("C2-m5 xxxxxx\n");
		assertThat(codec.maxRequestLength()).isEqualTo(13);
	}

	@Test
	void lineAckMustBeThePrefixAndThisVeryPayload() {
		LineBenchCodec codec = new LineBenchCodec(2, 12, "已接收: ", 1024);
		assertThat(codec.matches(5, utf8("已接收: C2-m5 xxxxxx"))).isTrue();
		assertThat(codec.matches(5, utf8("已接收: C2-m6 xxxxxx"))).as("another message's ack").isFalse();
		assertThat(codec.matches(5, utf8("已接收: C2-m5 xxxxx"))).as("one byte short").isFalse();
		assertThat(codec.matches(5, utf8("received: C2-m5 xxxxxx"))).as("another prefix").isFalse();
		assertThat(codec.matches(5, utf8("已接收: C2-m5 xxxxxx\r"))).as("a byte more").isFalse();
		assertThat(codec.afterReply()).isNull();
	}

	@Test
	void framedRequestIsAHeadersFrame() throws IOException {
		FramedBenchCodec codec = new FramedBenchCodec(1, 8, "我收到了", AckFraming.RAW, true, 1024);
		assertThat(request(codec, 0)).isEqualTo(HeadersCodec.encode(utf8("C1-m0 xx")));
		assertThat(codec.maxRequestLength()).isEqualTo(19);
		assertThat(codec.matches(0, utf8("我收到了"))).isTrue();
		assertThat(codec.matches(0, utf8("我收到"))).isFalse();
		assertThat(codec.afterReply()).isEqualTo(utf8("ok"));
		assertThat(new FramedBenchCodec(1, 8, "我收到了", AckFraming.HEADERS, false, 1024).afterReply()).isNull();
	}

	private static byte[] request(BenchCodec codec, long sequence) {
		ByteBuffer out = ByteBuffer.allocate(codec.maxRequestLength());
		codec.writeRequest(out, sequence);
		return Arrays.copyOf(out.array(), out.position());
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
