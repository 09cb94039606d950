/**
 * The TCP server machinery the line, framed and time endpoints share, plugged into Spring
 * Integration's extension points. Each endpoint's properties implement
 * {@link org.ackgate.tcp.TcpEndpointProperties}, whose one mapping gives its
 * {@link org.ackgate.tcp.TcpServerSettings}; its {@link org.ackgate.tcp.EndpointServerConnectionFactory}
 * (a thread per connection, {@link org.ackgate.tcp.BlockingServerConnectionFactory}, or Netty's
 * event loops, {@link org.ackgate.tcp.LoopServerConnectionFactory}: {@code ackgate.tcp.transport})
 * binds before the context is up and assembles three parts, each with one job:
 * {@link org.ackgate.tcp.ConnectionAdmission} (allow-list and limits, decided on a
 * {@link org.ackgate.tcp.Peer}), {@link org.ackgate.tcp.OpenConnections} (the registry, its one
 * deadline sweep and the drain) and {@link org.ackgate.tcp.ConnectionEvents} (log lines and
 * observers). Close reasons come from {@code ConnectionFailures}, the one table of known JDK
 * failures.
 * <p>
 * On the event loops, a connection ({@code LoopConnection}: decoding, hand-off, acks) is driven by
 * its channel's last handler ({@code LoopConnectionHandler}); it keeps what it has not decoded in
 * {@code ReceivedBytes}, an ack that waits for its flow or its broker in {@code HeldAck}, and
 * closes through {@code ChannelCloses}, which wait for the acks written before. A failed TLS
 * handshake is {@code LoopTlsHandshake}'s, the blocking transport's {@code TlsHandshake}'s twin.
 */
package org.ackgate.tcp;
