package org.ackgate.relay;

/** The entry of the relay's flow: one message out to the upstream, its ack back. */
public interface RelayGateway {

	/** @return the upstream's ack, as the relay codec read it */
	byte[] exchange(byte[] payload);

}
