package org.ackgate.relay;

/** When a relayed message is acked to its client. */
public enum AckMode {

	/** Once it is in the journal; forwarded afterwards from the journal, retried until the upstream takes it. */
	LOCAL,

	/** Once the upstream acked it; an upstream that fails or is down means no ack. */
	UPSTREAM

}
