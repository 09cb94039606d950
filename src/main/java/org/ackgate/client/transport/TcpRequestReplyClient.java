package org.ackgate.client.transport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * does. When the server ends the connection while a request waits for its reply, before any byte
 * of it (ackgate's {@code max-connection-age} close, a drain, a reset), the request goes again on a
 * new connection as {@link Reconnects} allows: the server acked nothing for it, and ackgate hands
 * off nothing it does not ack. Every failure comes out as a {@link ClientFailure} naming the target.
 */
public final class TcpRequestReplyClient implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TcpRequestReplyClient.class);

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

	private final Reconnects reconnects;

	private volatile boolean answered;

	/** A client that reports the first close as a failure. */
	public TcpRequestReplyClient(ClientTarget target, FrameDecoder replies) {
		this(target, replies, Reconnects.none());
	}

	/** A client that sends a request again on a new connection as {@code reconnects} allows. */
	public TcpRequestReplyClient(ClientTarget target, FrameDecoder replies, Reconnects reconnects) {
		this.target = target;
		this.reconnects = reconnects;
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
		while (true) {
			try {
				reply = this.template.sendAndReceive(this.requests, new GenericMessage<>(wire));
				break;
			}
			catch (RuntimeException ex) {
				reconnectOrThrow(ex);
			}
		}
		if (reply == null) {
			Throwable tls = this.tlsFailure.getNow(null);
			if (tls != null) {
				throw failure(tls);
			}
			throw new ClientFailure("no reply from " + this.target.address() + " within " + this.target.timeoutText());
		}
		this.answered = true;
		this.reconnects.acked();
		return (byte[]) reply.getPayload();
	}

	/**
	 * Reconnects so far: connections opened (or tried) after the first, whether the server's close
	 * interrupted a request or came between two.
	 */
	public long reconnects() {
		return Math.max(0, this.connections.connects() - 1);
	}

	/** Requests sent again on a new connection because the server ended the old one before their reply. */
	public long resent() {
		return this.reconnects.total();
	}

	/*
	 * A TLS server that refuses the client's certificate closes the connection too; its alert, when
	 * it arrives, says a new connection would fare no better.
	 */
	private void reconnectOrThrow(RuntimeException ex) {
		boolean tlsRefused = this.tlsFailure.getNow(null) != null
				|| (this.target.tls() != null && !this.answered && tlsFailureWithin(TLS_ALERT_WAIT) != null);
		Duration wait = tlsRefused ? null : this.reconnects.after(ex);
		if (wait == null) {
			ClientFailure failure = failure(ex);
			String note = tlsRefused ? "" : this.reconnects.giveUpNote(ex);
			throw note.isEmpty() ? failure : new ClientFailure(failure.getMessage() + note, ex);
		}
		log.debug("Connection to {} lost between replies ({}); reconnecting in {} ms to send the unacked request again",
				this.target.address(), FailureMessages.describe(ex, this.target), wait.toMillis());
		// The reader thread may not have closed it yet; a new request must not go on it.
		this.connections.closeCurrent();
		sleep(wait);
	}

	private void sleep(Duration wait) {
		if (wait.isZero()) {
			return;
		}
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ClientFailure("interrupted while reconnecting to " + this.target.address(), ex);
		}
	}

	/**
	 * Writes bytes that get no reply on the connection of the last request.
	 * @return {@code false} when the server has closed that connection, so there is no one to tell
	 */
	public boolean send(byte[] wire) {
		try {
			return this.connections.sendOnCurrent(wire, this::failure);
		}
		catch (ClientFailure ex) {
			// With reconnects on, a server gone after its ack is no failure: the next request reconnects.
			if (this.reconnects.allowsAny() && ConnectionLoss.isBetweenReplies(ex.getCause())) {
				this.connections.closeCurrent();
				return false;
			}
			throw ex;
		}
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
