package org.ackgate.tcp;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;

/**
 * How a {@link LoopConnection}'s channel closes without losing the acks written before the close:
 * each way waits for them to leave, bounded by {@link ConnectionAge#LINGER} in case the peer
 * stops reading meanwhile. Called on the channel's loop.
 */
final class ChannelCloses {

	private ChannelCloses() {
	}

	/*
	 * Runs the action once everything written so far has left. On io_uring a flush only queues the
	 * write for the ring, and a half-close or close made right after would overtake it: the peer
	 * would miss the last ack, and send that message again. Writes complete in order, so an empty
	 * one completes after them; failed (the peer gone), it runs the action too.
	 */
	static void afterWritten(Channel channel, Runnable action) {
		channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> action.run());
	}

	/**
	 * Closes once what was written has left. For a close that cannot meet the client still
	 * sending; one that may (a protocol error, a drain) lingers instead: {@link #lingerAndClose}.
	 */
	static void closeAfterWrites(Channel channel) {
		if (!channel.isWritable()) {
			// Acks the peer does not take would never leave: nothing to wait for.
			closeNow(channel);
			return;
		}
		afterWritten(channel, channel::close);
		if (channel.isOpen()) {
			closeAfterLinger(channel);
		}
	}

	/*
	 * Closing with the client's next messages unread would reset the connection, and a reset can
	 * destroy the acks in the socket's buffer before the client has read them (it would send those
	 * messages again: duplicates). So: half-close once the acks have left (after TLS's close_notify),
	 * discard what the client still sends until it closes its side or the linger passes, then close.
	 * The caller stops handing messages off first.
	 */
	static void lingerAndClose(Channel channel) {
		if (!channel.isActive()) {
			return;
		}
		channel.config().setAutoRead(true);
		SslHandler tls = channel.pipeline().get(SslHandler.class);
		if (tls != null) {
			channel.flush();
			tls.closeOutbound().addListener(done -> afterWritten(channel, () -> halfClose(channel)));
		}
		else {
			afterWritten(channel, () -> halfClose(channel));
		}
		closeAfterLinger(channel);
	}

	/** Half-close: the peer reads what was written and a clean end of stream. */
	static void halfClose(Channel channel) {
		if (channel instanceof DuplexChannel duplex && channel.isActive()) {
			duplex.shutdownOutput();
		}
	}

	/*
	 * By then the peer has not taken what was written within LINGER, so it would not take TLS's
	 * close_notify either.
	 */
	private static void closeAfterLinger(Channel channel) {
		channel.eventLoop().schedule(() -> closeNow(channel), ConnectionAge.LINGER.toMillis(), TimeUnit.MILLISECONDS);
	}

	/*
	 * Closes without TLS's close_notify, for a peer that does not read. Closed through the channel,
	 * SslHandler would queue the close_notify behind the acks the peer is not taking, wait its flush
	 * timeout (3 s) for it, log a warning and only then close: the write timeout would hold a slot 3 s
	 * longer than it says, with a line per peer. Closing from its context passes it by. The blocking
	 * transport does the same (EndpointServerSocket: SO_LINGER 0 for the TLS layer).
	 */
	private static void closeNow(Channel channel) {
		if (!channel.isOpen()) {
			return;
		}
		ChannelHandlerContext tls = channel.pipeline().context(SslHandler.class);
		if (tls != null) {
			tls.close();
		}
		else {
			channel.close();
		}
	}

}
