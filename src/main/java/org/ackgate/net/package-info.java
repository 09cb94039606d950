/**
 * How ackgate writes a socket address, everywhere it writes one: logs, the journal,
 * {@code ackgate.messages} headers, Kafka headers. No Spring import.
 */
package org.ackgate.net;
