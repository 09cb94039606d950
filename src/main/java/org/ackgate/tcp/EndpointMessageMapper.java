package org.ackgate.tcp;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * Maps a decoded frame to a message carrying only the connection id, the peer's address and its
 * port, which the connection builds once. Spring Integration's mapper builds five headers per message
 * through two builders, including the local address and a host name this service never looks
 * up; every later step of the flow copies all of them again.
 */
final class EndpointMessageMapper extends TcpMessageMapper {

	@Override
	public @Nullable Message<?> toMessage(TcpConnection connection, @Nullable Map<String, Object> headers) {
		Object payload = connection.getPayload();
		if (payload == null) {
			return null;
		}
		Map<String, Object> connectionHeaders = (connection instanceof ServedConnection served)
				? served.messageHeaders()
				: Map.of(IpHeaders.CONNECTION_ID, connection.getConnectionId(), IpHeaders.IP_ADDRESS,
						connection.getHostAddress(), IpHeaders.REMOTE_PORT, connection.getPort());
		return new GenericMessage<>(payload, connectionHeaders);
	}

}
