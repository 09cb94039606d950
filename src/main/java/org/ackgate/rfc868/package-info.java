/**
 * RFC 868 time, both halves on one port number: over TCP the four bytes on connect, over UDP the
 * four bytes for any datagram (sharing the UDP time endpoints' receiver, responder and per-source
 * limits), and the encoding itself (pure). Off by default.
 */
package org.ackgate.rfc868;
