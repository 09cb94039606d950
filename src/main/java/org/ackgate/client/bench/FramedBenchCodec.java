package org.ackgate.client.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.ackgate.client.transport.HeadersAckDecoder;
import org.ackgate.client.transport.RawAckDecoder;
import org.ackgate.framed.AckFraming;
import org.ackgate.framed.HeadersCodec;
import org.ackgate.wire.FrameDecoder;

/**
 * Framed ack: one {@code Headers} frame out (magic, int32 length, payload); the fixed ack back,
 * raw (read as exactly its bytes, the client's rule) or in a frame; optionally the {@code ok}
 * receipt after each ack.
 */
final class FramedBenchCodec implements BenchCodec {

	private static final byte[] RECEIPT = "ok".getBytes(StandardCharsets.US_ASCII);

	private final BenchPayload requests;

	private final byte[] ack;

	private final FrameDecoder replies;

	private final boolean receipt;

	FramedBenchCodec(int connection, int size, String ackText, AckFraming framing, boolean receipt,
			int maxReplyLength) {
		this.requests = new BenchPayload(connection, size);
		this.ack = ackText.getBytes(StandardCharsets.UTF_8);
		this.replies = (framing == AckFraming.HEADERS) ? new HeadersAckDecoder(maxReplyLength)
				: new RawAckDecoder(this.ack);
		this.receipt = receipt;
	}

	@Override
	public int maxRequestLength() {
		return HeadersCodec.encode(new byte[0]).length + this.requests.size();
	}

	@Override
	public void writeRequest(ByteBuffer out, long sequence) {
		out.put(HeadersCodec.encode(this.requests.forSequence(sequence)));
	}

	@Override
	public FrameDecoder replies() {
		return this.replies;
	}

	@Override
	public boolean matches(long sequence, byte[] reply) {
		return Arrays.equals(reply, this.ack);
	}

	@Override
	public byte @Nullable [] afterReply() {
		return this.receipt ? RECEIPT : null;
	}

}
