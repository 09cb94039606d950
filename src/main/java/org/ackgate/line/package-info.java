/**
 * The line-ack endpoint (the tutorial's line-ack server): LF-terminated lines in, {@code 已接收: } plus the line out,
 * one ack per line, in order.
 */
package org.ackgate.line;
