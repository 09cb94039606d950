package org.ackgate.kafka;

/** When a message sent to Kafka is acked to its client. */
public enum KafkaAckMode {

	/** Once the broker confirmed the record, replicated to every in-sync replica ({@code acks=all}). */
	BROKER,

	/** Once the journal holds it; forwarded to Kafka afterwards, retried until the broker takes it. */
	LOCAL

}
