package org.ackgate.messages;

import java.time.Instant;

/**
 * A message an ack endpoint accepted, as it is published on {@code ackgate.messages}.
 * @param endpoint the endpoint that read it ({@code line} or {@code framed})
 * @param connectionId the connection it arrived on
 * @param peer the client's address and port
 * @param receivedAt when it was decoded
 * @param payload the message bytes, without framing; not copied, so not to be modified
 */
public record AcceptedMessage(String endpoint, String connectionId, String peer, Instant receivedAt, byte[] payload) {
}
