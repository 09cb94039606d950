/**
 * The time endpoints over TCP: the time formats (pure, read from an injected clock) and the
 * time-on-connect flows, each whole in its flow definition: a connection opened → the clock →
 * the reply written on that connection. The UDP time flow is in {@code udp}, RFC 868 (TCP and
 * UDP) in {@code rfc868}.
 */
package org.ackgate.time;
