package org.ackgate.time;

/** How the time endpoints write the time. */
public enum TimeFormat {

	/** Go's {@code time.RFC3339}, for example {@code 2024-07-19T02:37:05-07:00} (the tutorial's UDP time server). */
	RFC3339,
	/** RFC 3339 with milliseconds, for example {@code 2024-07-19T02:37:05.123-07:00}. */
	RFC3339_MILLIS,
	/**
	 * What Go's {@code time.Now().String()} prints (the tutorial's TCP time servers), for example
	 * {@code 2024-07-19 02:37:05.123456789 -0700 PDT m=+0.001234567}.
	 */
	GO,
	/**
	 * RFC 867 daytime, in the form the RFC suggests, ending in CRLF, for example
	 * {@code Tuesday, February 22, 1982 17:37:43-PST}.
	 */
	DAYTIME;

	/** The {@code dialect} tag of a text answer in this format: {@code daytime} for RFC 867, {@code text} otherwise. */
	public String dialect() {
		return (this == DAYTIME) ? "daytime" : "text";
	}

}
