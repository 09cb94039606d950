package org.ackgate.client.transport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;
import org.springframework.integration.ip.tcp.outbound.TcpOutboundGateway;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

import org.ackgate.wire.FrameDecoder;

/**
 * Request/reply over one connection, on Spring Integration's outbound side:
 * {@code client.requests} → {@code client.gateway} ({@link TcpOutboundGateway}, which waits up to
 * the target's timeout for the reply the decoder cuts). What gets no reply, such as the framed-ack
 * {@code ok} receipt, is written on the connection that carried the request, never on a new one.
 * One request is in flight at a time: the gateway correlates replies by connection only. A request
 * after the server closed an idle connection opens a new one, as the factory's shared connection
 * does. Every failure comes out as a {@link ClientFailure} naming the target.
 */
public final class TcpRequestReplyClient implements AutoCloseable {

	/** How long a failure waits for the server's TLS alert, which the reader thread may still be taking off the wire. */
	private static final Duration TLS_ALERT_WAIT = Duration.ofMillis(200);

	private final ClientTarget target;

	private final ClientConnectionFactory connections;

	private final TcpOutboundGateway gateway;

	private final DirectChannel requests;

	private final MessagingTemplate template = new MessagingTemplate();

	/*
	 * With TLS 1.3 the client's handshake ends before the server has judged its certificate; a
	 * refusal arrives as an alert on the reader thread, and the request only sees the close.
	 */
	private final CompletableFuture<Throwable> tlsFailure = new CompletableFuture<>();

	private volatile boolean answered;

	public TcpRequestReplyClient(ClientTarget target, FrameDecoder replies) {
		this.target = target;
		this.connections = new ClientConnectionFactory(target, ClientDeserializer.replies(replies), event -> {
			if (event instanceof TcpConnectionExceptionEvent exception && isTls(exception.getCause())) {
				this.tlsFailure.complete(exception.getCause());
			}
		});
		this.connections.setBeanName("client.connections");
		this.gateway = new TcpOutboundGateway();
		this.gateway.setConnectionFactory(this.connections);
		this.gateway.setRemoteTimeout(target.timeout().toMillis());
		// The "second chance" waits for a reply racing a close on NIO; these connections are blocking.
		this.gateway.setSecondChanceDelay(0);
		ClientIntegration.initialize(this.gateway, "client.gateway");
		this.requests = ClientIntegration.initialize(new DirectChannel(), "client.requests");
		this.requests.subscribe(this.gateway);
		this.template.setReceiveTimeout(target.timeout().toMillis());
		this.gateway.start();
	}

	/** Opens the connection now, so that a refused or slow connect is reported before any input is read. */
	public void connect() {
		this.connections.connect(this::failure);
	}

	/**
	 * Writes the request bytes as they are and waits for one reply.
	 * @return the reply the decoder cut, without its framing
	 */
	public byte[] request(byte[] wire) {
		Message<?> reply;
		try {
			reply = this.template.sendAndReceive(this.requests, new GenericMessage<>(wire));
		}
		catch (RuntimeException ex) {
			throw failure(ex);
		}
		if (reply == null) {
			Throwable tls = this.tlsFailure.getNow(null);
			if (tls != null) {
				throw failure(tls);
			}
			throw new ClientFailure("no reply from " + this.target.address() + " within " + this.target.timeoutText());
		}
		this.answered = true;
		return (byte[]) reply.getPayload();
	}

	/**
	 * Writes bytes that get no reply on the connection of the last request.
	 * @return {@code false} when the server has closed that connection, so there is no one to tell
	 */
	public boolean send(byte[] wire) {
		return this.connections.sendOnCurrent(wire, this::failure);
	}

	private ClientFailure failure(Throwable ex) {
		Throwable tls = (this.target.tls() != null && !isTls(ex)) ? tlsFailureWithin(TLS_ALERT_WAIT)
				: this.tlsFailure.getNow(null);
		String message = FailureMessages.describe((tls != null) ? tls : ex, this.target);
		ClientTls clientTls = this.target.tls();
		if (tls == null && !this.answered && clientTls != null && clientTls.presentsCertificate()
				&& message.startsWith("connection ")) {
			// The server's alert can be lost to the reset that follows it when the request was in flight.
			message += " right after the TLS handshake (did the server refuse the client certificate?)";
		}
		return new ClientFailure(message, ex);
	}

	/** The TLS failure the reader thread saw, waiting for it at most {@code wait}; {@code null} when none came. */
	private @Nullable Throwable tlsFailureWithin(Duration wait) {
		try {
			return this.tlsFailure.get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.tlsFailure.getNow(null);
		}
	}

	private static boolean isTls(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SSLException) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void close() {
		this.gateway.stop();
	}

}
