package org.ackgate.tcp;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.jspecify.annotations.Nullable;

import org.ackgate.proxy.ProxyHeader;
import org.ackgate.proxy.ProxyHeaderDecoder;
import org.ackgate.proxy.ProxyHeaderViolation;

/**
 * The event-loop transport's first step on a connection from a trusted load balancer, as
 * {@link ProxyHeaderStep} is the blocking one's: the PROXY header, in clear and ahead of any TLS,
 * within its timeout; then the allow-list and the per-source limit for the client it names, who
 * becomes the connection's peer. A bad, missing, cut-off or late header refuses the connection
 * with the same log line and counts. Removes itself once the header is read, passing on what
 * came after it.
 */
final class LoopProxyHeaderHandler extends ChannelInboundHandlerAdapter {

	private final LoopConnection connection;

	private final AdmissionSlot slot;

	private final Duration timeout;

	private final ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();

	private @Nullable ScheduledFuture<?> deadline;

	private boolean done;

	LoopProxyHeaderHandler(LoopConnection connection, AdmissionSlot slot, Duration timeout) {
		this.connection = connection;
		this.slot = slot;
		this.timeout = timeout;
	}

	@Override
	public void channelActive(ChannelHandlerContext context) throws Exception {
		this.deadline = context.executor().schedule(() -> refuse(new ProxyHeaderViolation(ProxyHeaderViolation.Kind.LATE,
				"no complete PROXY header within " + this.timeout.toMillis() + " ms (" + this.decoder.bytesTaken()
						+ " bytes came)")),
				this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		super.channelActive(context);
	}

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		ByteBuf bytes = (ByteBuf) message;
		if (this.done) {
			bytes.release();
			return;
		}
		ProxyHeader header;
		try {
			ByteBuffer window = bytes.nioBuffer();
			header = this.decoder.decode(window);
			bytes.skipBytes(window.position());
		}
		catch (ProxyHeaderViolation violation) {
			bytes.release();
			refuse(violation);
			return;
		}
		if (header == null) {
			bytes.release();
			return;
		}
		this.done = true;
		cancelDeadline();
		if (!header.keepsBalancerAddress() && header.source() != null) {
			Peer client = this.connection.peer().behind(header.source());
			ConnectionAdmission.Refusal refused = this.slot.admitClient(client);
			if (refused != null) {
				bytes.release();
				this.connection.events().refused(client, refused);
				this.connection.closeUnopened();
				return;
			}
			this.connection.identify(client);
		}
		context.pipeline().remove(this);
		this.connection.handler().proxyHeaderRead(context);
		if (bytes.isReadable()) {
			context.fireChannelRead(bytes);
		}
		else {
			bytes.release();
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
		if (event instanceof ChannelInputShutdownEvent && !this.done) {
			ended("closed by the load balancer before a PROXY header");
			return;
		}
		super.userEventTriggered(context, event);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
		if (!this.done) {
			ended("closed while reading the PROXY header: " + cause.getMessage());
			return;
		}
		context.fireExceptionCaught(cause);
	}

	@Override
	public void channelInactive(ChannelHandlerContext context) throws Exception {
		if (!this.done) {
			ended("closed while reading the PROXY header");
		}
		super.channelInactive(context);
	}

	/* A balancer's plain TCP health check connects and closes; a header cut off by the close is a violation. */
	private void ended(String detail) {
		if (this.decoder.bytesTaken() > 0) {
			refuse(new ProxyHeaderViolation(ProxyHeaderViolation.Kind.TRUNCATED,
					"the stream ended after " + this.decoder.bytesTaken() + " bytes of a PROXY header"));
			return;
		}
		this.done = true;
		cancelDeadline();
		if (!this.connection.isClosing()) {
			this.connection.events().closedBeforeHeader(this.connection.peer(), CloseReason.CLIENT, detail);
		}
		this.connection.closeUnopened();
	}

	private void refuse(ProxyHeaderViolation violation) {
		if (this.done) {
			return;
		}
		this.done = true;
		cancelDeadline();
		this.connection.events()
			.proxyHeaderFailed(this.connection.peer(), violation.kind().label() + ": " + violation.getMessage());
		this.connection.closeUnopened();
	}

	private void cancelDeadline() {
		ScheduledFuture<?> pending = this.deadline;
		if (pending != null) {
			pending.cancel(false);
		}
	}

}
