package org.ackgate.relay;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.ackgate.wire.PayloadPreview;

/**
 * Forwards one message and checks the upstream's ack byte for byte: for a line upstream the ack
 * prefix and the line itself, for a framed one the ack text. Anything else — no connection, a
 * timeout, a different ack — is a {@link RelayException} naming the upstream.
 */
final class Relay {

	private final RelayGateway gateway;

	private final RelayProperties properties;

	private final RelayMeters meters;

	private final UpstreamState state;

	private final byte[] prefix;

	private final byte[] ackText;

	Relay(RelayGateway gateway, RelayProperties properties, RelayMeters meters, UpstreamState state) {
		this.gateway = gateway;
		this.properties = properties;
		this.meters = meters;
		this.state = state;
		this.prefix = properties.ackPrefix().getBytes(StandardCharsets.UTF_8);
		this.ackText = properties.ackText().getBytes(StandardCharsets.UTF_8);
	}

	/** Whether the upstream's protocol can carry this payload at all (a line cannot hold LF). */
	boolean canCarry(byte[] payload) {
		if (this.properties.protocol() != RelayProtocol.LINE) {
			return true;
		}
		for (byte b : payload) {
			if (b == '\n') {
				return false;
			}
		}
		return true;
	}

	/** @throws RelayException when the upstream did not ack exactly as its protocol says */
	void forward(byte[] payload) {
		if (!canCarry(payload)) {
			throw new RelayException("relay to " + this.properties.upstream()
					+ " impossible: the message holds a line feed, which a line upstream cannot carry");
		}
		byte[] ack;
		try {
			ack = this.gateway.exchange(payload);
		}
		catch (RuntimeException ex) {
			throw failed(rootMessage(ex));
		}
		byte[] expected = expectedAck(payload);
		if (!Arrays.equals(ack, expected)) {
			throw failed("the upstream answered " + PayloadPreview.describe(ack) + " instead of "
					+ PayloadPreview.describe(expected));
		}
		this.state.succeeded();
		this.meters.forwarded();
	}

	/** A failed exchange makes the upstream unreachable for readiness until an exchange or probe succeeds. */
	private RelayException failed(String why) {
		String reason = "relay to " + this.properties.upstream() + " failed: " + why;
		this.state.failed(reason);
		return new RelayException(reason);
	}

	private byte[] expectedAck(byte[] payload) {
		if (this.properties.protocol() == RelayProtocol.FRAMED) {
			return this.ackText;
		}
		ByteArrayOutputStream expected = new ByteArrayOutputStream(this.prefix.length + payload.length);
		expected.writeBytes(this.prefix);
		expected.writeBytes(payload);
		return expected.toByteArray();
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		if (root instanceof java.net.ConnectException) {
			return "connection refused" + ((message != null && !message.contains("refused")) ? " (" + message + ")" : "");
		}
		if (root instanceof java.net.SocketTimeoutException) {
			return "no ack within the timeout";
		}
		return (message != null) ? message : root.getClass().getSimpleName();
	}

}
