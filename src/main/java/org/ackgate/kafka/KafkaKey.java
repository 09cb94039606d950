package org.ackgate.kafka;

/** What a record's key is, and so which messages share a partition and keep their order. */
public enum KafkaKey {

	/** The connection: each connection's messages stay in order on one partition. */
	CONNECTION,

	/** The client's address and port. */
	PEER,

	/** No key: the producer spreads records over partitions (sticky batches), no order across them. */
	NONE

}
