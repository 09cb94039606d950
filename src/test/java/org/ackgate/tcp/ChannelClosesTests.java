package org.ackgate.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.ackgate.support.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The closes of a TLS connection whose peer does not read, over a real socket: Netty's
 * {@link SslHandler} would queue its close_notify behind what the peer is not taking, wait its
 * flush timeout (3 s) and log a warning, so these closes pass it by.
 */
class ChannelClosesTests {

	@TempDir
	Path directory;

	private final ListAppender<ILoggingEvent> tlsLog = new ListAppender<>();

	private final Logger tlsLogger = (Logger) LoggerFactory.getLogger(SslHandler.class);

	private EventLoopGroup loop;

	private Channel server;

	private SSLSocket peer;

	private Channel channel;

	@BeforeEach
	void connectAPeerThatNeverReads() throws Exception {
		this.tlsLog.start();
		this.tlsLogger.addAppender(this.tlsLog);
		TestCertificates certificates = TestCertificates.create(this.directory);
		SslContext tls = SslContextBuilder
			.forServer(certificates.certificate("server").toFile(), certificates.key("server").toFile())
			.build();
		CompletableFuture<Channel> handshaken = new CompletableFuture<>();
		this.loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		this.server = new ServerBootstrap().group(this.loop)
			.channel(NioServerSocketChannel.class)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline().addLast(tls.newHandler(channel.alloc()), new ChannelInboundHandlerAdapter() {
						@Override
						public void userEventTriggered(ChannelHandlerContext context, Object event) {
							if (event instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
								handshaken.complete(context.channel());
							}
							context.fireUserEventTriggered(event);
						}
					});
				}
			})
			.bind(InetAddress.getLoopbackAddress(), 0)
			.sync()
			.channel();
		this.peer = (SSLSocket) certificates.clientContext(null, "ca").getSocketFactory().createSocket();
		this.peer.setReceiveBufferSize(4096);
		this.peer.connect(this.server.localAddress(), 5000);
		this.peer.startHandshake();
		this.channel = handshaken.get(10, TimeUnit.SECONDS);
		// What the peer does not read fills its receive buffer, then the server's send buffer, then
		// the channel's own: 64 KiB there and the channel is no longer writable.
		this.channel.eventLoop().submit(() -> {
			while (this.channel.isWritable()) {
				this.channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[16384]));
			}
		}).get(10, TimeUnit.SECONDS);
		assertThat(this.channel.isWritable()).isFalse();
	}

	@AfterEach
	void closeEverything() throws IOException {
		this.tlsLogger.detachAppender(this.tlsLog);
		if (this.peer != null) {
			this.peer.close();
		}
		if (this.server != null) {
			this.server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
		}
		if (this.loop != null) {
			this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void closingAfterTheWritesOfAPeerThatTakesNothingClosesAtOnce() {
		this.channel.eventLoop().execute(() -> ChannelCloses.closeAfterWrites(this.channel));

		assertThat(this.channel.closeFuture().awaitUninterruptibly(1500)).as("closed within 1.5 s").isTrue();
		assertThat(this.tlsLog.list).as("SslHandler's lines").isEmpty();
	}

	@Test
	void lingeringForAPeerThatTakesNothingClosesOnceTheLingerHasPassed() {
		long start = System.nanoTime();
		this.channel.eventLoop().execute(() -> ChannelCloses.lingerAndClose(this.channel));

		Duration bound = ConnectionAge.LINGER.plusMillis(1500);
		assertThat(this.channel.closeFuture().awaitUninterruptibly(bound.toMillis())).as("closed within %s", bound)
			.isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before the linger")
			.isGreaterThanOrEqualTo(ConnectionAge.LINGER);
		assertThat(this.tlsLog.list).as("SslHandler's lines").isEmpty();
	}

}
