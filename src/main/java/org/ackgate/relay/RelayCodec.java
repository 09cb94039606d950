package org.ackgate.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * How the relay's client connections write messages and read acks: a line and LF, reading the
 * ack up to its LF; or a {@code Headers} frame, reading exactly the ack text's bytes, with the
 * {@link #RECEIPT} written raw. What the ack must be is checked by {@link Relay}, not here.
 */
final class RelayCodec implements Serializer<byte[]>, Deserializer<byte[]> {

	/** The framed protocol's receipt, {@code ok}; written raw when this very array is the payload. */
	static final byte[] RECEIPT = "ok".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] MAGIC = "Headers".getBytes(StandardCharsets.US_ASCII);

	private final RelayProtocol protocol;

	private final int ackLength;

	private final int maxAckLength;

	RelayCodec(RelayProtocol protocol, int ackLength, int maxAckLength) {
		this.protocol = protocol;
		this.ackLength = ackLength;
		this.maxAckLength = maxAckLength;
	}

	@Override
	public void serialize(byte[] payload, OutputStream out) throws IOException {
		if (payload == RECEIPT) {
			out.write(RECEIPT);
		}
		else if (this.protocol == RelayProtocol.LINE) {
			out.write(payload);
			out.write('\n');
		}
		else {
			out.write(ByteBuffer.allocate(MAGIC.length + 4).put(MAGIC).putInt(payload.length).array());
			out.write(payload);
		}
		out.flush();
	}

	@Override
	public byte[] deserialize(InputStream in) throws IOException {
		return (this.protocol == RelayProtocol.LINE) ? readLine(in) : readFixed(in);
	}

	private byte[] readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(64);
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw endOfStream(line.size());
			}
			if (line.size() >= this.maxAckLength) {
				throw new IOException("the upstream's ack is longer than " + this.maxAckLength + " bytes");
			}
			line.write(b);
		}
		return line.toByteArray();
	}

	private byte[] readFixed(InputStream in) throws IOException {
		byte[] ack = in.readNBytes(this.ackLength);
		if (ack.length < this.ackLength) {
			throw endOfStream(ack.length);
		}
		return ack;
	}

	private static IOException endOfStream(int read) throws IOException {
		if (read == 0) {
			throw new SoftEndOfStreamException("the upstream closed the connection");
		}
		return new IOException("the upstream closed the connection in the middle of an ack (after " + read + " bytes)");
	}

}
