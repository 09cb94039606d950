/**
 * The time endpoints: the time formats (pure, read from an injected clock) and the TCP
 * time-on-connect flow (seeds 000 and 002); the UDP time flow (seed 001) is in the udp package,
 * RFC 868 in its own.
 */
package org.ackgate.time;
