/**
 * Kafka as the durable, replicated sink of {@code ackgate.messages} (docs/kafka.md): in
 * {@code broker} mode a subscriber that returns only once the broker confirmed the record
 * ({@code acks=all}, idempotent producer), so the ack means "in the Kafka cluster"; in
 * {@code local} mode the journal acks and a forwarder carries it to Kafka afterwards. The
 * record layout ({@link org.ackgate.kafka.KafkaRecords}) is the contract with consumers.
 */
package org.ackgate.kafka;
