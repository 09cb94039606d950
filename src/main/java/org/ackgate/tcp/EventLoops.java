package org.ackgate.tcp;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

import org.ackgate.system.SettingException;

/**
 * The event loops the {@code event-loop} transport serves every ack endpoint with: one thread that
 * accepts, and a few that read, run the flow and write. On io_uring where the kernel allows it
 * (reads and writes go through rings shared with the kernel, in batches: the fewest system calls
 * per ack, docs/performance.md), else epoll, else the JDK's NIO selector
 * ({@code ackgate.tcp.loop-io}); startup says which, and why not the faster ones.
 */
public final class EventLoops implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

	private final EventLoopGroup acceptors;

	private final EventLoopGroup workers;

	private final Class<? extends ServerChannel> channelType;

	private final @Nullable ChannelOption<Boolean> reusePort;

	private final int acceptQueues;

	EventLoops(TransportProperties properties) {
		int threads = (properties.loopThreads() > 0) ? properties.loopThreads()
				: Runtime.getRuntime().availableProcessors();
		Io chosen = choose(properties.loopIo());
		this.acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ackgate-accept", true),
				chosen.handlers());
		this.workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("ackgate-loop", true),
				chosen.handlers());
		this.channelType = chosen.channelType();
		this.reusePort = chosen.reusePort();
		this.acceptQueues = (chosen.reusePort() != null) ? properties.acceptQueues() : 1;
		log.info("TCP ack endpoints are served by {} event loops ({}; ackgate.tcp.transport=event-loop)", threads,
				chosen.description());
	}

	private record Io(IoHandlerFactory handlers, Class<? extends ServerChannel> channelType,
			@Nullable ChannelOption<Boolean> reusePort, String description) {
	}

	private static Io choose(TransportProperties.LoopIo wanted) {
		switch (wanted) {
			case IO_URING -> {
				require(IoUring.isAvailable(), "io-uring", IoUring.unavailabilityCause());
				return ioUring("io_uring");
			}
			case EPOLL -> {
				require(Epoll.isAvailable(), "epoll", Epoll.unavailabilityCause());
				return epoll("epoll");
			}
			case NIO -> {
				return nio("Java NIO");
			}
			default -> {
				if (IoUring.isAvailable()) {
					return ioUring("io_uring");
				}
				String noUring = "io_uring is not available here: " + reason(IoUring.unavailabilityCause());
				if (Epoll.isAvailable()) {
					return epoll("epoll, since " + noUring);
				}
				return nio("Java NIO, since " + noUring + "; nor is epoll: " + reason(Epoll.unavailabilityCause()));
			}
		}
	}

	private static void require(boolean available, String value, Throwable cause) {
		if (!available) {
			throw new SettingException("ackgate.tcp.loop-io",
					"ackgate.tcp.loop-io=" + value + ", but " + value + " is not available here: " + reason(cause),
					"Set ackgate.tcp.loop-io=auto, which takes io_uring, else epoll, else Java NIO, and logs which and "
							+ "why; a container's seccomp profile may refuse io_uring (docs/deployment.md).");
		}
	}

	private static String reason(Throwable cause) {
		return (cause != null) ? cause.toString() : "unknown";
	}

	private static Io ioUring(String description) {
		return new Io(IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class, IoUringChannelOption.SO_REUSEPORT,
				description);
	}

	private static Io epoll(String description) {
		return new Io(EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollChannelOption.SO_REUSEPORT,
				description);
	}

	private static Io nio(String description) {
		return new Io(NioIoHandler.newFactory(), NioServerSocketChannel.class, null, description);
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

	/** The option that lets several listening sockets share a port; {@code null} on NIO. */
	@Nullable ChannelOption<Boolean> reusePort() {
		return this.reusePort;
	}

	/** Listening sockets per port ({@code ackgate.tcp.accept-queues}; 1 where sockets cannot share a port). */
	int acceptQueues() {
		return this.acceptQueues;
	}

	/* After the endpoints stopped: their connections are closed, so nothing is left to wait for. */
	@Override
	public void destroy() {
		this.acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		this.workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

}
