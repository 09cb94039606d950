package org.ackgate.client.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.ackgate.client.transport.HeadersAckDecoder;
import org.ackgate.client.transport.RawAckDecoder;
import org.ackgate.client.transport.UnexpectedReplyException;
import org.ackgate.framed.HeadersCodec;
import org.ackgate.line.LineCodec;
import org.ackgate.wire.FrameDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReplyBufferTests {

	@Test
	void lineAcksArrivingSplitAtEveryOffset() throws IOException {
		byte[] acks = utf8("已接收: one\n已接收: two\n已接收: \n");
		assertEveryTwoWaySplit(new LineCodec(1024), acks, List.of("已接收: one", "已接收: two", "已接收: "));
	}

	@Test
	void rawAcksArrivingSplitAtEveryOffset() throws IOException {
		assertEveryTwoWaySplit(new RawAckDecoder("我收到了"), utf8("我收到了我收到了我收到了"),
				List.of("我收到了", "我收到了", "我收到了"));
	}

	@Test
	void framedAcksArrivingSplitAtEveryOffset() throws IOException {
		ByteArrayOutputStream frames = new ByteArrayOutputStream();
		frames.writeBytes(HeadersCodec.encode(utf8("我收到了")));
		frames.writeBytes(HeadersCodec.encode(utf8("")));
		assertEveryTwoWaySplit(new HeadersAckDecoder(1024), frames.toByteArray(), List.of("我收到了", ""));
	}

	@Test
	void aPartialReplyIsKnownSoACloseInTheMiddleOfOneIsNotTakenForABoundary() throws IOException {
		ReplyBuffer buffer = new ReplyBuffer(new LineCodec(1024), 64);
		List<String> replies = new ArrayList<>();
		assertThat(buffer.hasPartialReply()).isFalse();
		buffer.writable().put(utf8("已接收: one\n已接"));
		buffer.drain(reply -> replies.add(new String(reply, StandardCharsets.UTF_8)));
		assertThat(replies).containsExactly("已接收: one");
		assertThat(buffer.hasPartialReply()).isTrue();
		buffer.writable().put(utf8("收: two\n"));
		buffer.drain(reply -> replies.add(new String(reply, StandardCharsets.UTF_8)));
		assertThat(replies).containsExactly("已接收: one", "已接收: two");
		assertThat(buffer.hasPartialReply()).isFalse();
	}

	@Test
	void clearedForANewConnectionNothingOfTheOldOneIsLeft() throws IOException {
		ReplyBuffer buffer = new ReplyBuffer(new LineCodec(1024), 64);
		List<String> replies = new ArrayList<>();
		buffer.writable().put(utf8("已接收: half"));
		buffer.drain(reply -> replies.add(new String(reply, StandardCharsets.UTF_8)));
		buffer.clear();
		assertThat(buffer.hasPartialReply()).isFalse();
		buffer.writable().put(utf8("已接收: new\n"));
		buffer.drain(reply -> replies.add(new String(reply, StandardCharsets.UTF_8)));
		assertThat(replies).containsExactly("已接收: new");
	}

	@Test
	void aReplyLargerThanTheBufferGrowsIt() throws IOException {
		ReplyBuffer buffer = new ReplyBuffer(new LineCodec(100_000), 16);
		String line = "x".repeat(40_000);
		List<String> replies = new ArrayList<>();
		byte[] bytes = utf8(line + "\n");
		int offset = 0;
		while (offset < bytes.length) {
			ByteBuffer writable = buffer.writable();
			int take = Math.min(writable.remaining(), bytes.length - offset);
			writable.put(bytes, offset, take);
			offset += take;
			buffer.drain(reply -> replies.add(new String(reply, StandardCharsets.UTF_8)));
		}
		assertThat(replies).containsExactly(line);
	}

	@Test
	void theDecodersVerdictOnBadBytesComesThrough() {
		ReplyBuffer buffer = new ReplyBuffer(new RawAckDecoder("我收到了"), 64);
		buffer.writable().put(utf8("OK"));
		assertThatExceptionOfType(UnexpectedReplyException.class).isThrownBy(() -> buffer.drain(reply -> {
		}));
	}

	private static void assertEveryTwoWaySplit(FrameDecoder decoder, byte[] bytes, List<String> expected)
			throws IOException {
		for (int cut = 0; cut <= bytes.length; cut++) {
			ReplyBuffer buffer = new ReplyBuffer(decoder, 8);
			List<String> replies = new ArrayList<>();
			feed(buffer, bytes, 0, cut, replies);
			feed(buffer, bytes, cut, bytes.length, replies);
			assertThat(replies).as("split at %d", cut).isEqualTo(expected);
		}
		ReplyBuffer oneByOne = new ReplyBuffer(decoder, 8);
		List<String> replies = new ArrayList<>();
		for (int i = 0; i < bytes.length; i++) {
			feed(oneByOne, bytes, i, i + 1, replies);
		}
		assertThat(replies).isEqualTo(expected);
	}

	private static void feed(ReplyBuffer buffer, byte[] bytes, int from, int to, List<String> replies)
			throws IOException {
		int offset = from;
		do {
			ByteBuffer writable = buffer.writable();
			int take = Math.min(writable.remaining(), to - offset);
			writable.put(bytes, offset, take);
			offset += take;
			buffer.drain(reply -> replies.add(new String(reply, StandardCharsets.UTF_8)));
		}
		while (offset < to);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
