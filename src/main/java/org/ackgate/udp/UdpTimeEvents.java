package org.ackgate.udp;

/**
 * What happens to datagrams on the UDP time endpoints; metrics plug in here. Called on the
 * receiving threads, between reading one datagram and the next, so implementations must be cheap
 * and must not block.
 */
public interface UdpTimeEvents {

	/** No-op events, for when nothing listens. */
	UdpTimeEvents NONE = new UdpTimeEvents() {
	};

	/**
	 * A datagram was read.
	 * @param dialect {@code text}, {@code daytime}, {@code ntp}, {@code rfc868} or {@code invalid}
	 */
	default void request(String endpoint, String dialect, int bytes) {
	}

	/** A request over its source's limit was dropped or answered with a Kiss-o'-Death. */
	default void rateLimited(String endpoint, String dialect) {
	}

	/** A reply is on its way (a Kiss-o'-Death counts too). */
	default void replied(String endpoint, String dialect, int bytes) {
	}

	/**
	 * A reply was dropped unsent.
	 * @param reason {@code send_buffer_full}: the socket's send buffer had no room, and the
	 * receiving thread does not wait for it
	 */
	default void dropped(String endpoint, String reason) {
	}

}
