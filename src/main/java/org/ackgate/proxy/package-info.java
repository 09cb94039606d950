/**
 * The PROXY protocol (v1 text and v2 binary) as HAProxy, nginx {@code stream}, Envoy and the
 * cloud balancers send it ahead of a connection's own bytes: an incremental, bounded decoder and
 * the reader that takes exactly a header off a socket, never a byte of what follows. No Spring
 * import: everything here is tested on plain bytes and streams.
 */
package org.ackgate.proxy;
