package org.ackgate.tcp;

import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * The event loops the {@code event-loop} transport serves every ack endpoint with: one thread that
 * accepts, and a few that read, run the flow and write. Epoll on Linux (what the fastest JVM
 * servers use), the JDK's NIO selector elsewhere; startup says which.
 */
public final class EventLoops implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

	private final EventLoopGroup acceptors;

	private final EventLoopGroup workers;

	private final Class<? extends ServerChannel> channelType;

	EventLoops(TransportProperties properties) {
		int threads = (properties.loopThreads() > 0) ? properties.loopThreads()
				: Runtime.getRuntime().availableProcessors();
		boolean epoll = Epoll.isAvailable();
		IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		this.acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ackgate-accept", true), io);
		this.workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("ackgate-loop", true), io);
		this.channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
		log.info("TCP ack endpoints are served by {} event loops ({}; ackgate.tcp.transport=event-loop)", threads,
				epoll ? "epoll" : "Java NIO, since epoll is not available here: " + Epoll.unavailabilityCause());
	}

	EventLoopGroup acceptors() {
		return this.acceptors;
	}

	EventLoopGroup workers() {
		return this.workers;
	}

	Class<? extends ServerChannel> channelType() {
		return this.channelType;
	}

	/* After the endpoints stopped: their connections are closed, so nothing is left to wait for. */
	@Override
	public void destroy() {
		this.acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		this.workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

}
