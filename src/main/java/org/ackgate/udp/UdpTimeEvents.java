package org.ackgate.udp;

/**
 * What happens to datagrams on the UDP time endpoints; metrics plug in here. Called on the
 * worker threads, so implementations must be cheap and must not block.
 */
public interface UdpTimeEvents {

	/** No-op events, for when nothing listens. */
	UdpTimeEvents NONE = new UdpTimeEvents() {
	};

	/**
	 * A datagram was taken by a worker.
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

}
