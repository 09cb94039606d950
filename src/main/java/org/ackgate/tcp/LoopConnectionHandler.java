package org.ackgate.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * The last handler of a {@link LoopConnection}'s pipeline: turns the channel's events into the
 * connection's steps (begin, read, handshake done, input ended, writability, failure, closed).
 * Everything here runs on the channel's loop.
 */
final class LoopConnectionHandler extends ChannelInboundHandlerAdapter {

	private final LoopConnection connection;

	/** Set by the PROXY protocol step: the connection begins once it has read the header. */
	private boolean awaitingProxyHeader;

	LoopConnectionHandler(LoopConnection connection) {
		this.connection = connection;
	}

	void awaitProxyHeader() {
		this.awaitingProxyHeader = true;
	}

	/** The PROXY header was read and accepted: on to TLS, or open. */
	void proxyHeaderRead(ChannelHandlerContext context) {
		this.awaitingProxyHeader = false;
		this.connection.begin(hasTls(context));
	}

	@Override
	public void channelActive(ChannelHandlerContext context) throws Exception {
		if (!this.awaitingProxyHeader) {
			this.connection.begin(hasTls(context));
		}
		super.channelActive(context);
	}

	private static boolean hasTls(ChannelHandlerContext context) {
		return context.pipeline().get(SslHandler.class) != null;
	}

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		this.connection.read((ByteBuf) message);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext context) {
		this.connection.readComplete();
		context.flush();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
		if (event instanceof SslHandshakeCompletionEvent handshake) {
			// Not in time: the sweep closed the connection already, and said why.
			if (this.connection.handshakeEnded()) {
				if (handshake.isSuccess()) {
					this.connection.opened();
				}
				else {
					LoopTlsHandshake.failed(this.connection, unwrapped(handshake.cause()));
				}
			}
		}
		else if (event instanceof ChannelInputShutdownEvent) {
			this.connection.inputShutdown();
		}
		super.userEventTriggered(context, event);
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
		this.connection.writabilityChanged(context.channel().isWritable());
		super.channelWritabilityChanged(context);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
		Throwable failure = unwrapped(cause);
		if (this.connection.handshakeEnded()) {
			LoopTlsHandshake.failed(this.connection, failure);
		}
		else {
			this.connection.failed(failure);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext context) throws Exception {
		this.connection.closed();
		super.channelInactive(context);
	}

	/* Netty wraps what its handlers (TLS) throw in a DecoderException; the cause says what happened. */
	private static Throwable unwrapped(Throwable cause) {
		return (cause instanceof DecoderException && cause.getCause() != null) ? cause.getCause() : cause;
	}

}
