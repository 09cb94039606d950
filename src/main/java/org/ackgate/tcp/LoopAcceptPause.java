package org.ackgate.tcp;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;

/**
 * On a listening channel: an accept that failed for want of file descriptors or socket memory
 * ({@link AcceptShortage}) is counted and logged through the endpoint's events, and accepting
 * pauses for {@link AcceptShortage#RETRY}. Without it each failure reached the end of the pipeline
 * as a WARN from Netty with a stack trace. Reads asked for while paused are held back, so nothing
 * rearms the accept before the pause ends; on io_uring that takes single-shot accepts
 * ({@link NettyDefaults#MULTISHOT_ACCEPT}), since a multishot accept is rearmed after an error regardless.
 * Any other failure goes on down the pipeline as before.
 */
final class LoopAcceptPause extends ChannelDuplexHandler {

	private final ConnectionEvents events;

	private boolean paused;

	LoopAcceptPause(ConnectionEvents events) {
		this.events = events;
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		AcceptShortage shortage = AcceptShortage.of(cause);
		if (shortage == null) {
			ctx.fireExceptionCaught(cause);
			return;
		}
		this.events.acceptFailed(shortage);
		if (this.paused || !ctx.channel().config().isAutoRead()) {
			return;
		}
		this.paused = true;
		ctx.channel().config().setAutoRead(false);
		ctx.executor().schedule(() -> {
			this.paused = false;
			if (ctx.channel().isOpen()) {
				ctx.channel().config().setAutoRead(true);
			}
		}, AcceptShortage.RETRY.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void read(ChannelHandlerContext ctx) {
		if (!this.paused) {
			ctx.read();
		}
	}

}
