package org.ackgate.ntp;

/**
 * What a datagram on the UDP time port is, judged from its first byte and its length.
 * <p>
 * A datagram of at least 48 bytes whose first byte says version 1–4 is NTP-shaped: mode 3 is a
 * request (if well formed), anything else is not answered. Mode 6 and 7 (control and the
 * monlist amplification vector) are not answered at any length. Everything else is a text
 * request, such as the tutorial's {@code 获取时间}.
 */
public enum NtpRequestKind {

	/** An NTP client request to answer. */
	CLIENT,
	/** NTP-shaped but not a well-formed client request: not answered. */
	INVALID,
	/** Not NTP: a text request, such as the tutorial's {@code 获取时间}, answered with the time as text. */
	TEXT;

	static final int PACKET_LENGTH = 48;

	/** Longest request accepted: the header plus room for extension fields and a MAC. */
	static final int MAX_REQUEST_LENGTH = 1024;

	public static NtpRequestKind of(byte[] datagram) {
		if (datagram.length == 0) {
			return TEXT;
		}
		int version = (datagram[0] >> 3) & 0x07;
		int mode = datagram[0] & 0x07;
		boolean ntpVersion = version >= 1 && version <= 4;
		if (ntpVersion && (mode == 6 || mode == 7)) {
			return INVALID;
		}
		if (!ntpVersion || datagram.length < PACKET_LENGTH) {
			return TEXT;
		}
		if (mode != 3 || datagram.length % 4 != 0 || datagram.length > MAX_REQUEST_LENGTH) {
			return INVALID;
		}
		return CLIENT;
	}

}
