/**
 * The {@code ackgate client …} command line: the seeds' clients (dial, line, framed, TCP and UDP
 * time) as picocli commands on Spring Integration's outbound side — a client connection factory
 * per command target, {@code TcpOutboundGateway} for request/reply, channel adapters for the time
 * banner and UDP — and the pure pieces they share (ack decoders, failure messages, durations). No
 * listener, web server or actuator starts here. The load generator lives in {@code client.bench}.
 */
package org.ackgate.client;
