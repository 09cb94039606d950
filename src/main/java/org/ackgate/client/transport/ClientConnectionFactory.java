package org.ackgate.client.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Deserializer;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.DefaultTcpSocketSupport;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.integration.ip.tcp.serializer.ByteArrayRawSerializer;
import org.springframework.messaging.support.GenericMessage;

/**
 * The client connection factory of one command: one shared connection to the target, a connect
 * bounded by the target's timeout in milliseconds (Spring Integration's setter takes whole
 * seconds), requests written as the exact bytes the command built, replies cut by the command's
 * decoder. Sockets come from the factory's socket-factory support, so TLS can be plugged in.
 */
final class ClientConnectionFactory extends TcpNetClientConnectionFactory {

	private final ClientTarget target;

	private volatile long lastConnectNanos;

	private final AtomicLong connects = new AtomicLong();

	ClientConnectionFactory(ClientTarget target, Deserializer<?> replies, ApplicationEventPublisher events) {
		super(target.host(), target.port());
		this.target = target;
		setSingleUse(false);
		setLookupHost(false);
		setSoTcpNoDelay(true);
		setSerializer(new ByteArrayRawSerializer());
		setDeserializer(replies);
		setApplicationEventPublisher(events);
		setTaskExecutor(ClientIntegration.readerThreads("ackgate-client-"));
		ClientTls tls = target.tls();
		if (tls != null) {
			setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(tls::context));
			// createSocket sets host name checking itself, before its handshake.
			setTcpSocketSupport(new DefaultTcpSocketSupport(false));
		}
		setTcpNetConnectionSupport((socket, server, lookupHost, publisher, factoryName) -> {
			try {
				return new ClientConnection(socket, publisher, factoryName);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/**
	 * Opens the shared connection now.
	 * @param failure how the client describes a failed connect
	 */
	void connect(Function<RuntimeException, ClientFailure> failure) {
		try {
			getConnection();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ClientFailure("interrupted while connecting to " + this.target.address(), ex);
		}
		catch (RuntimeException ex) {
			throw failure.apply(ex);
		}
	}

	/**
	 * Writes {@code bytes} on the {@link #currentConnection() current connection} only.
	 * @param failure how the client describes a failed write
	 * @return {@code false} when the server has closed it, so there is no one to write to
	 */
	boolean sendOnCurrent(byte[] bytes, Function<RuntimeException, ClientFailure> failure) {
		TcpConnectionSupport connection = currentConnection();
		if (connection == null) {
			return false;
		}
		try {
			connection.send(new GenericMessage<>(bytes));
			return true;
		}
		catch (RuntimeException ex) {
			if (!connection.isOpen()) {
				// The reader thread closed it meanwhile, at the server's end of stream: closed, not failed.
				return false;
			}
			throw failure.apply(ex);
		}
	}

	/**
	 * The connection the factory holds, if it is still open. Writes that answer the server (a
	 * receipt) or belong to one conversation (a stream) go only here: the factory's
	 * {@code getConnection()} would silently open a new connection when the server has closed.
	 */
	@Nullable TcpConnectionSupport currentConnection() {
		TcpConnectionSupport connection = getTheConnection();
		return (connection != null && connection.isOpen()) ? connection : null;
	}

	/** Closes the connection the factory holds, if any, so that the next request opens a new one. */
	void closeCurrent() {
		TcpConnectionSupport connection = getTheConnection();
		if (connection != null) {
			connection.close();
		}
	}

	/** Connections opened or tried so far, the first included. */
	long connects() {
		return this.connects.get();
	}

	/** How long the last connect took on the wire (socket connect only, not the client's set-up). */
	Duration lastConnectDuration() {
		return Duration.ofNanos(this.lastConnectNanos);
	}

	/*
	 * With TLS, the handshake runs here, within the timeout, so an untrusted or refusing server is
	 * reported by connect() in one line instead of surfacing later on the reader thread.
	 */
	@Override
	protected Socket createSocket(String host, int port) throws IOException {
		this.connects.incrementAndGet();
		Socket socket = getTcpSocketFactorySupport().getSocketFactory().createSocket();
		try {
			long started = System.nanoTime();
			socket.connect(new InetSocketAddress(host, port), this.target.timeoutMillis());
			this.lastConnectNanos = System.nanoTime() - started;
			ClientTls tls = this.target.tls();
			if (tls != null && socket instanceof SSLSocket ssl) {
				tls.configure(ssl);
				ssl.setSoTimeout(this.target.timeoutMillis());
				ssl.startHandshake();
			}
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
		return socket;
	}

}
