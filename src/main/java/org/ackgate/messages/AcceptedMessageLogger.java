package org.ackgate.messages;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.ackgate.wire.PayloadPreview;

/**
 * The default subscriber of {@code ackgate.messages}: one DEBUG line per message with endpoint,
 * peer, size and a preview. Per-message logging stays at DEBUG: at load an INFO line per message
 * costs more than the ack.
 */
public final class AcceptedMessageLogger {

	private static final Logger log = LoggerFactory.getLogger(AcceptedMessageLogger.class);

	public void log(AcceptedMessage message) {
		if (log.isDebugEnabled()) {
			log.atDebug()
				.addKeyValue("endpoint", message.endpoint())
				.addKeyValue("peer", message.peer())
				.addKeyValue("connection_id", message.connectionId())
				.log("{} message from {}: {} bytes {}", message.endpoint(), message.peer(), message.payload().length,
						PayloadPreview.describe(message.payload()));
		}
	}

}
