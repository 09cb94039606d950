/**
 * The {@code ackgate client …} command line, which speaks the Go socket tutorials' protocols to
 * ackgate or any server like it: {@code command} holds the picocli commands and their options,
 * {@code transport} the connections they use (Spring Integration's outbound side, TLS, ack decoders,
 * failure text), and {@code bench} the load generator. No listener, web server or actuator starts here.
 */
package org.ackgate.client;
