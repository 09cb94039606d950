/**
 * {@code ackgate client bench}: a load generator for the line, framed and UDP time endpoints that
 * checks every ack byte for byte and in order. The load path is non-blocking NIO, a few event-loop
 * threads for any number of connections, so that on a small machine the generator leaves the CPU
 * to the server it measures; {@code --engine gateway} runs the same load through the client's
 * {@code TcpOutboundGateway} instead, for comparison. The acks are cut by the service's own codecs.
 */
package org.ackgate.client.bench;
