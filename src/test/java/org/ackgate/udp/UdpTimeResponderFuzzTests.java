package org.ackgate.udp;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.ackgate.ntp.NtpResponder;
import org.ackgate.ntp.NtpTimestamp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any datagram on the UDP time port, judged and answered as the README says: an NTP client
 * request (version 1–4, mode 3, at least 48 bytes, whole words) gets a 48-byte server reply —
 * version and poll echoed, mode 4, origin = the request's transmit timestamp — or, over its
 * source's limit, a Kiss-o'-Death; other NTP-shaped datagrams (control, monlist, other modes,
 * malformed) get nothing; everything else gets the text; no NTP reply is larger than its request;
 * nothing throws. The checked-in inputs run in every build; docs/testing.md says how to fuzz for
 * longer.
 */
class UdpTimeResponderFuzzTests {

	private static final Instant NOW = Instant.parse("2026-11-22T06:10:00.123456789Z");

	private static final Instant RECEIVED = NOW.minusNanos(40_000);

	private static final byte[] TEXT = "2026-11-22T06:10:00Z".getBytes(StandardCharsets.US_ASCII);

	private static final InetAddress SOURCE = InetAddress.getLoopbackAddress();

	private static final NtpResponder NTP = new NtpResponder(Clock.fixed(NOW, ZoneOffset.UTC),
			new NtpResponder.ClockInfo(true, 2, "LOCL", -20, Duration.ZERO, Duration.ofMillis(10)));

	private final List<String> dialects = new ArrayList<>();

	private final UdpTimeEvents events = new UdpTimeEvents() {

		@Override
		public void request(String endpoint, String dialect, int bytes) {
			UdpTimeResponderFuzzTests.this.dialects.add(dialect);
		}

	};

	private final UdpTimeResponder open = new UdpTimeResponder("udp", "text", received -> TEXT, NTP, null, this.events);

	/** Every request is over the limit and leaks through: NTP gets a Kiss-o'-Death, text nothing. */
	private final UdpTimeResponder limited = new UdpTimeResponder("udp", "text", received -> TEXT, NTP,
			new SourceRateLimiter(0, 0, 0, 16, () -> 0), UdpTimeEvents.NONE);

	@FuzzTest
	void answersEveryDatagramAsTheReadmeSays(byte[] datagram) {
		this.dialects.clear();
		String dialect = dialect(datagram);
		byte[] reply = this.open.reply(datagram, SOURCE, RECEIVED);
		byte[] overLimit = this.limited.reply(datagram, SOURCE, RECEIVED);
		assertThat(this.dialects).containsExactly(dialect);
		switch (dialect) {
			case "ntp" -> {
				assertNtpReply(datagram, reply, 0, 2);
				assertThat(ByteBuffer.wrap(reply).getLong(40)).as("transmit").isEqualTo(NtpTimestamp.encode(NOW));
				assertNtpReply(datagram, overLimit, 3, 0);
				assertThat(Arrays.copyOfRange(overLimit, 12, 16)).as("kiss code").isEqualTo("RATE".getBytes(StandardCharsets.US_ASCII));
			}
			case "text" -> {
				assertThat(reply).isEqualTo(TEXT);
				assertThat(overLimit).as("text over the limit is dropped").isNull();
			}
			default -> {
				assertThat(reply).isNull();
				assertThat(overLimit).isNull();
			}
		}
	}

	/** The README's rule, written out on its own. */
	private static String dialect(byte[] datagram) {
		if (datagram.length == 0) {
			return "text";
		}
		int version = (datagram[0] >> 3) & 0x07;
		int mode = datagram[0] & 0x07;
		boolean ntpVersion = version >= 1 && version <= 4;
		if (ntpVersion && (mode == 6 || mode == 7)) {
			return "invalid";
		}
		if (!ntpVersion || datagram.length < 48) {
			return "text";
		}
		boolean wellFormed = mode == 3 && datagram.length % 4 == 0 && datagram.length <= 1024;
		return wellFormed ? "ntp" : "invalid";
	}

	private static void assertNtpReply(byte[] request, byte[] reply, int leap, int stratum) {
		assertThat(reply).as("an NTP reply").hasSize(48);
		assertThat(reply.length).as("no larger than the request").isLessThanOrEqualTo(request.length);
		assertThat((reply[0] >> 6) & 0x03).as("leap indicator").isEqualTo(leap);
		assertThat((reply[0] >> 3) & 0x07).as("version echoed").isEqualTo((request[0] >> 3) & 0x07);
		assertThat(reply[0] & 0x07).as("mode").isEqualTo(4);
		assertThat(reply[1] & 0xFF).as("stratum").isEqualTo(stratum);
		assertThat(reply[2]).as("poll echoed").isEqualTo(request[2]);
		assertThat(Arrays.copyOfRange(reply, 24, 32)).as("origin = the request's transmit")
			.isEqualTo(Arrays.copyOfRange(request, 40, 48));
		assertThat(ByteBuffer.wrap(reply).getLong(32)).as("receive").isEqualTo(NtpTimestamp.encode(RECEIVED));
	}

}
