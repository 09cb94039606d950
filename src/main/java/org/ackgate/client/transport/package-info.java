/** How the client talks to a server: Spring Integration connections built without a context, TLS, ack decoders, and the one-line failure text a command prints. */
package org.ackgate.client.transport;
