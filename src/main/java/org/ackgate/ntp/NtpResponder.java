package org.ackgate.ntp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Builds NTP server replies (mode 4) to client requests, per RFC 5905 and RFC 4330: version and
 * poll echoed, origin = the request's transmit timestamp copied verbatim, receive = when the
 * datagram was read, transmit = read from the clock as the last step before the bytes are done.
 * A reply is never larger than the request it answers.
 */
public final class NtpResponder {

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	/**
	 * What the server says about its own clock.
	 * @param synchronised whether to claim a synchronised clock (leap indicator 0) or not (3)
	 * @param stratum 1 for a primary reference, 2–15 for a secondary server
	 * @param referenceId the four-character reference identifier, for example {@code LOCL}
	 * @param precision log2 of the clock's resolution in seconds, for example -20 for about 1 µs
	 * @param rootDelay the round trip to the primary reference
	 * @param rootDispersion the error bound of the clock relative to the primary reference
	 */
	public record ClockInfo(boolean synchronised, int stratum, String referenceId, int precision, Duration rootDelay,
			Duration rootDispersion) {
	}

	static final int LEAP_UNSYNCHRONISED = 3;

	static final int MODE_SERVER = 4;

	private final Clock clock;

	private final CompletableFuture<Prepared> info;

	public NtpResponder(Clock clock, ClockInfo info) {
		this(clock, CompletableFuture.completedFuture(info));
	}

	/**
	 * @param info what the replies say about the clock, once known: a reply waits for it only
	 * when it is asked for before then (the precision is measured off the startup path)
	 */
	public NtpResponder(Clock clock, CompletableFuture<ClockInfo> info) {
		this.clock = clock;
		this.info = info.thenApply(known -> new Prepared(known, fourBytes(known.referenceId())));
	}

	/** The reply to a request {@link NtpRequestKind#of} judged {@code CLIENT}. */
	public byte[] reply(byte[] request, Instant received) {
		Prepared prepared = this.info.join();
		ClockInfo info = prepared.info();
		int leap = info.synchronised() ? 0 : LEAP_UNSYNCHRONISED;
		ByteBuffer reply = header(request, leap, info.stratum(), prepared.referenceId(), info);
		reply.putLong(16, NtpTimestamp.encode(received));
		reply.putLong(32, NtpTimestamp.encode(received));
		reply.putLong(40, NtpTimestamp.encode(this.clock.instant()));
		return reply.array();
	}

	/**
	 * A Kiss-o'-Death reply: stratum 0, the kiss code as reference id, leap indicator 3. A
	 * client that gets {@code RATE} must reduce its polling.
	 */
	public byte[] kissOfDeath(byte[] request, String code, Instant received) {
		ByteBuffer reply = header(request, LEAP_UNSYNCHRONISED, 0, fourBytes(code), this.info.join().info());
		reply.putLong(32, NtpTimestamp.encode(received));
		reply.putLong(40, NtpTimestamp.encode(received));
		return reply.array();
	}

	private ByteBuffer header(byte[] request, int leap, int stratum, byte[] referenceId, ClockInfo info) {
		int version = (request[0] >> 3) & 0x07;
		ByteBuffer reply = ByteBuffer.allocate(NtpRequestKind.PACKET_LENGTH);
		reply.put(0, (byte) ((leap << 6) | (version << 3) | MODE_SERVER));
		reply.put(1, (byte) stratum);
		reply.put(2, request[2]);
		reply.put(3, (byte) info.precision());
		reply.putInt(4, NtpTimestamp.shortFormat(info.rootDelay()));
		reply.putInt(8, NtpTimestamp.shortFormat(info.rootDispersion()));
		reply.put(12, referenceId);
		reply.put(24, request, 40, 8);
		return reply;
	}

	/** The clock's description with its reference id as the four bytes a reply carries. */
	private record Prepared(ClockInfo info, byte[] referenceId) {
	}

	/**
	 * The reference id's four bytes: an IPv4 address (what stratum 2 and above report, RFC 5905
	 * §7.3) as its address bytes, anything else as up to four ASCII characters ({@code LOCL},
	 * a kiss code).
	 */
	static byte[] fourBytes(String text) {
		if (IPV4.matcher(text).matches()) {
			String[] parts = text.split("\\.");
			byte[] address = new byte[4];
			for (int i = 0; i < 4; i++) {
				address[i] = (byte) Integer.parseInt(parts[i]);
			}
			return address;
		}
		byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
		byte[] four = new byte[4];
		System.arraycopy(ascii, 0, four, 0, Math.min(4, ascii.length));
		return four;
	}

	/**
	 * log2 of the smallest step the clock was seen to take, rounded up, as NTP's precision
	 * field wants it; -20 (about a microsecond) when the clock never moved while sampled.
	 */
	public static int measurePrecision(Clock clock, int samples) {
		long smallest = Long.MAX_VALUE;
		Instant previous = clock.instant();
		for (int i = 0; i < samples; i++) {
			Instant next = clock.instant();
			long step = Duration.between(previous, next).toNanos();
			if (step > 0 && step < smallest) {
				smallest = step;
			}
			previous = next;
		}
		if (smallest == Long.MAX_VALUE) {
			return -20;
		}
		return (int) Math.ceil(Math.log(smallest / 1e9) / Math.log(2));
	}

}
