package org.ackgate.client.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.ackgate.line.LineCodec;
import org.ackgate.wire.FrameDecoder;

/** Line ack: the payload and LF out; the prefix and the same payload back, cut at the LF. */
final class LineBenchCodec implements BenchCodec {

	private final BenchPayload requests;

	private final BenchPayload expected;

	private final byte[] prefix;

	private final LineCodec replies;

	LineBenchCodec(int connection, int size, String ackPrefix, int maxReplyLength) {
		this.requests = new BenchPayload(connection, size);
		this.expected = new BenchPayload(connection, size);
		this.prefix = ackPrefix.getBytes(StandardCharsets.UTF_8);
		this.replies = new LineCodec(maxReplyLength);
	}

	@Override
	public int maxRequestLength() {
		return this.requests.size() + 1;
	}

	@Override
	public void writeRequest(ByteBuffer out, long sequence) {
		out.put(this.requests.forSequence(sequence)).put((byte) '\n');
	}

	@Override
	public FrameDecoder replies() {
		return this.replies;
	}

	@Override
	public boolean matches(long sequence, byte[] reply) {
		int size = this.expected.size();
		return reply.length == this.prefix.length + size
				&& Arrays.equals(reply, 0, this.prefix.length, this.prefix, 0, this.prefix.length)
				&& Arrays.equals(reply, this.prefix.length, reply.length, this.expected.forSequence(sequence), 0, size);
	}

	@Override
	public byte @Nullable [] afterReply() {
		return null;
	}

}
