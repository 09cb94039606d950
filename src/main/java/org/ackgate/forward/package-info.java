/**
 * Forwarding the journal to a destination after the ack (the relay's and Kafka's {@code local}
 * ack mode): one thread per destination reads the journal in order from a persisted cursor and
 * retries with a backoff until the destination confirms; retention keeps what is not forwarded.
 */
package org.ackgate.forward;
