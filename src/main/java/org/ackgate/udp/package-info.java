/**
 * The UDP time endpoints: the receiver that binds at start and stamps each datagram as it is
 * read, the per-datagram choice between the seed's text answer and NTP, per-source rate
 * limiting, RFC 868 over UDP, and the flows that join them.
 */
package org.ackgate.udp;
