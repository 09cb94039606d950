/**
 * The relay: accepted messages forwarded to an upstream line-ack or framed-ack server through
 * Spring Integration's {@code TcpOutboundGateway} on a pool of client connections, either before
 * the ack ({@code ack-mode: upstream}) or after it, from the journal with a persisted cursor
 * ({@code ack-mode: local}). See docs/journal.md.
 */
package org.ackgate.relay;
