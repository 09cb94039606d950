package org.ackgate.client.transport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

import org.ackgate.wire.FrameInput;

/**
 * A client connection that reads replies through a {@link FrameInput} (large reads, not a byte
 * per system call) and writes each request in one flush from a small buffer (Spring Integration
 * sizes it to the socket's send buffer, megabytes on loopback).
 */
final class ClientConnection extends TcpNetConnection {

	static final int BUFFER_SIZE = 8192;

	private final Socket socket;

	private final FrameInput input;

	private final Lock writeLock = new ReentrantLock();

	private @Nullable OutputStream output;

	ClientConnection(Socket socket, @Nullable ApplicationEventPublisher publisher, @Nullable String factoryName)
			throws IOException {
		super(socket, false, false, publisher, factoryName);
		this.socket = socket;
		this.input = FrameInput.buffered(socket.getInputStream(), BUFFER_SIZE,
				String.valueOf(socket.getRemoteSocketAddress()), count -> {
				});
	}

	@Override
	protected InputStream inputStream() {
		return this.input;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		this.writeLock.lock();
		try {
			OutputStream out = this.output;
			if (out == null) {
				out = new BufferedOutputStream(this.socket.getOutputStream(), BUFFER_SIZE);
				this.output = out;
			}
			((Serializer<Object>) getSerializer()).serialize(getMapper().fromMessage(message), out);
			out.flush();
		}
		catch (IOException | RuntimeException ex) {
			MessagingException failure = new MessagingException(message, "Send failed", ex);
			publishConnectionExceptionEvent(failure);
			closeConnection(true);
			throw failure;
		}
		finally {
			this.writeLock.unlock();
		}
	}

}
