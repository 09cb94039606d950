package org.ackgate.time;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers any datagram, whatever it holds, with the time. Requests are logged at DEBUG only:
 * the seed prints each one, which at load costs more than the answer.
 */
final class UdpTimeResponder {

	private static final Logger log = LoggerFactory.getLogger(UdpTimeResponder.class);

	private final TimeText timeText;

	UdpTimeResponder(TimeText timeText) {
		this.timeText = timeText;
	}

	byte[] reply(byte[] request) {
		log.debug("udp request of {} bytes", request.length);
		return this.timeText.now();
	}

}
