package org.ackgate.framed;

/** How the framed endpoint writes its ack. */
public enum AckFraming {

	/** The ack text alone, as the tutorial's framed server writes it. */
	RAW,
	/** The ack text in a {@code Headers} frame, for clients that want unambiguous ack boundaries. */
	HEADERS

}
