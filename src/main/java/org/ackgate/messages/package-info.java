/**
 * The {@code ackgate.messages} channel that every accepted message crosses before its ack is
 * written, the message it carries, and its default subscriber. Durable subscribers plug in here.
 */
package org.ackgate.messages;
