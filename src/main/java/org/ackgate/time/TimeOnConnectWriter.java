package org.ackgate.time;

import java.io.IOException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

/**
 * When a client connects to a time endpoint, sends the time to its replies channel, whose
 * outbound adapter writes it on that connection, then shuts the output down: the client reads
 * the time and a clean end of stream, and the connection closes when the client closes (or the
 * linger time passes). With keep-open the connection stays as it is.
 * <p>
 * Runs on the connection's own thread, before it reads anything.
 */
public final class TimeOnConnectWriter implements ApplicationListener<TcpConnectionOpenEvent> {

	private static final Logger log = LoggerFactory.getLogger(TimeOnConnectWriter.class);

	private final String connectionFactoryName;

	private final MessageChannel replies;

	private final Supplier<byte[]> time;

	private final boolean keepOpen;

	/**
	 * @param time the bytes to write: the formatted text, or RFC 868's four bytes
	 */
	public TimeOnConnectWriter(String connectionFactoryName, MessageChannel replies, Supplier<byte[]> time, boolean keepOpen) {
		this.connectionFactoryName = connectionFactoryName;
		this.replies = replies;
		this.time = time;
		this.keepOpen = keepOpen;
	}

	@Override
	public void onApplicationEvent(TcpConnectionOpenEvent event) {
		if (!this.connectionFactoryName.equals(event.getConnectionFactoryName())) {
			return;
		}
		this.replies.send(MessageBuilder.withPayload(this.time.get())
			.setHeader(IpHeaders.CONNECTION_ID, event.getConnectionId())
			.build());
		if (!this.keepOpen) {
			try {
				((TcpConnection) event.getSource()).shutdownOutput();
			}
			catch (IOException ex) {
				log.debug("time: shutting the output of {} down failed: {}", event.getConnectionId(), ex.toString());
			}
		}
	}

}
