package org.ackgate.bench.netty;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.handler.timeout.WriteTimeoutHandler;

/**
 * The JVM's best beside the Go reference in bench/run.sh: seed 001's line-ack server and UDP
 * time server on Netty 4.2's epoll transport, written as plainly as bench/reference/main.go — a
 * line decoder, one handler that writes "已接收: " + the line (its LF included), a 30 s read and
 * a 10 s write timeout, connection opens and closes logged; and one datagram channel answering
 * each datagram with the time as RFC 3339 text. No tuning beyond Netty's defaults.
 *
 * <pre>java -cp target/netty-reference.jar:target/lib/* org.ackgate.bench.netty.NettyReference \
 *     --line 127.0.0.1:8080 --udp 127.0.0.1:8123 [--read-timeout 30] [--write-timeout 10] [--quiet]</pre>
 */
public final class NettyReference {

	private static final ByteBuf PREFIX = Unpooled
		.unreleasableBuffer(Unpooled.copiedBuffer("已接收: ", StandardCharsets.UTF_8).asReadOnly());

	/** Longer than any line the benchmark sends (16 KiB); longer ones close the connection. */
	private static final int MAX_LINE = 1024 * 1024;

	private static boolean quiet;

	public static void main(String[] args) throws InterruptedException {
		String line = "127.0.0.1:8080";
		String udp = "127.0.0.1:8123";
		int readTimeout = 30;
		int writeTimeout = 10;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--line" -> line = args[++i];
				case "--udp" -> udp = args[++i];
				case "--read-timeout" -> readTimeout = Integer.parseInt(args[++i]);
				case "--write-timeout" -> writeTimeout = Integer.parseInt(args[++i]);
				case "--quiet" -> quiet = true;
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		boolean epoll = Epoll.isAvailable();
		IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
		EventLoopGroup workers = new MultiThreadIoEventLoopGroup(io);
		Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class
				: NioServerSocketChannel.class;
		Class<? extends DatagramChannel> datagramChannel = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
		int read = readTimeout;
		int write = writeTimeout;
		try {
			Channel lineServer = new ServerBootstrap().group(boss, workers)
				.channel(serverChannel)
				.option(ChannelOption.SO_BACKLOG, 1024)
				.childHandler(new ChannelInitializer<SocketChannel>() {
					@Override
					protected void initChannel(SocketChannel channel) {
						channel.pipeline()
							.addLast(new ReadTimeoutHandler(read, TimeUnit.SECONDS))
							.addLast(new WriteTimeoutHandler(write, TimeUnit.SECONDS))
							.addLast(new LineBasedFrameDecoder(MAX_LINE, false, true))
							.addLast(new LineAckHandler());
					}
				})
				.bind(host(line), port(line))
				.sync()
				.channel();
			log("line ack listening on " + lineServer.localAddress() + " (" + (epoll ? "epoll" : "nio") + ")");
			Channel udpServer = new Bootstrap().group(workers)
				.channel(datagramChannel)
				.handler(new UdpTimeHandler())
				.bind(host(udp), port(udp))
				.sync()
				.channel();
			log("UDP time listening on " + udpServer.localAddress());
			CountDownLatch stop = new CountDownLatch(1);
			Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
			stop.await();
		}
		finally {
			boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
			workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		}
	}

	/** The seed's handleConnection: every line acked with the prefix and the line itself. */
	static final class LineAckHandler extends SimpleChannelInboundHandler<ByteBuf> {

		LineAckHandler() {
			super(false);
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			if (!quiet) {
				log("新客户端连接: " + ctx.channel().remoteAddress());
			}
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
			ctx.write(Unpooled.wrappedBuffer(PREFIX.duplicate(), line));
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			if (!quiet) {
				log(ctx.channel().remoteAddress() + ": closed");
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			if (!quiet) {
				log(ctx.channel().remoteAddress() + ": " + ((cause instanceof ReadTimeoutException) ? "读取超时,关闭连接"
						: "错误: " + cause));
			}
			ctx.close();
		}

	}

	/** The seed's UDP loop: the time back to each datagram's source, from the bound socket. */
	@Sharable
	static final class UdpTimeHandler extends SimpleChannelInboundHandler<DatagramPacket> {

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket request) {
			String now = ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
			ctx.writeAndFlush(new DatagramPacket(Unpooled.copiedBuffer(now, StandardCharsets.US_ASCII), request.sender()));
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			log("udp: " + cause);
		}

	}

	private static String host(String address) {
		return address.substring(0, address.lastIndexOf(':'));
	}

	private static int port(String address) {
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
	}

	private static void log(String message) {
		System.err.println(java.time.LocalDateTime.now() + " " + message);
	}

}
