package org.ackgate.tcp;

import java.io.IOException;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;

/**
 * A failed TLS handshake on a {@link LoopConnection}, as Netty's TLS handler reports it: the
 * event-loop transport's counterpart of {@link TlsHandshake}, with the same close reasons and the
 * same log line, and the same alert for a client that speaks plain text to a TLS port.
 */
final class LoopTlsHandshake {

	/** TLS 1.2 record, alert, fatal, unexpected_message. */
	private static final byte[] UNEXPECTED_MESSAGE_ALERT = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a };

	private LoopTlsHandshake() {
	}

	/** Closes the connection whose handshake failed in time (the sweep closes those that run out of it). */
	static void failed(LoopConnection connection, Throwable failure) {
		ConnectionFailures.Kind kind = ConnectionFailures.classify(failure);
		if (kind == ConnectionFailures.Kind.PEER_GONE) {
			connection.closeWith(CloseReason.CLIENT, "closed by the client during the TLS handshake");
			return;
		}
		if (failure instanceof NotSslRecordException) {
			tellPlainClientToUseTls(connection);
		}
		String detail = TlsHandshake.describe(kind,
				(failure instanceof IOException io) ? io : new IOException(failure.getMessage(), failure),
				connection.settings());
		connection.events().handshakeFailed(connection.peer(), connection.getConnectionId(), detail);
		connection.closeWith(CloseReason.TLS, "TLS handshake failed: " + detail);
	}

	/*
	 * The JDK's TLS socket answers a plain-text client with a fatal alert, which tells a client
	 * (ackgate's own included) that the port speaks TLS; Netty's handler drops such bytes without
	 * an answer. So the alert is written here, in clear, beneath the TLS handler.
	 */
	private static void tellPlainClientToUseTls(LoopConnection connection) {
		ChannelHandlerContext tls = connection.channel().pipeline().context(SslHandler.class);
		if (tls != null) {
			tls.writeAndFlush(Unpooled.wrappedBuffer(UNEXPECTED_MESSAGE_ALERT));
		}
	}

}
