/**
 * The line-ack endpoint (seed 001): LF-terminated lines in, {@code 已接收: } plus the line out,
 * one ack per line, in order.
 */
package org.ackgate.line;
