/**
 * The time endpoints: the time formats (pure, read from an injected clock), the TCP
 * time-on-connect flow (seeds 000 and 002) and the UDP time flow (seed 001).
 */
package org.ackgate.time;
