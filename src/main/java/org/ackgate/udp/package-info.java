/**
 * The UDP time endpoints: the receiver that binds at start, stamps each datagram as it is read
 * and answers it on the same thread, the non-blocking reply sender, the per-datagram choice
 * between the tutorial's text answer and NTP, per-source rate limiting, and the flow shape that
 * joins them (RFC 868 over UDP uses it too, from its own package).
 */
package org.ackgate.udp;
