package org.ackgate.client.bench;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

import org.ackgate.wire.FrameDecoder;

/**
 * One TCP connection's side of a protocol in the bench: the request for each sequence number, the
 * decoder that cuts the acks (the service's own codecs), and the check of each ack against the
 * one its request must get. Not thread-safe: one per connection.
 */
interface BenchCodec {

	/** The most bytes {@link #writeRequest} writes. */
	int maxRequestLength();

	/** Writes the request for {@code sequence}; the buffer has at least {@link #maxRequestLength()} bytes free. */
	void writeRequest(ByteBuffer out, long sequence);

	FrameDecoder replies();

	/** Whether {@code reply}, as the decoder cut it, is exactly the ack of request {@code sequence}. */
	boolean matches(long sequence, byte[] reply);

	/** What to send after each ack (the framed-ack tutorial client's {@code ok} receipt), or {@code null}. */
	byte @Nullable [] afterReply();

}
