package org.ackgate.ntp;

import java.net.DatagramPacket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.commons.net.ntp.NtpV3Impl;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeInfo;
import org.apache.commons.net.ntp.TimeStamp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NtpResponderTests {

	private static final Instant NOW = Instant.parse("2026-11-22T06:10:00.123456789Z");

	private static final NtpResponder.ClockInfo INFO = new NtpResponder.ClockInfo(true, 2, "LOCL", -20,
			Duration.ZERO, Duration.ofMillis(10));

	private static byte[] request(int version, int mode, int poll, long transmit) {
		ByteBuffer request = ByteBuffer.allocate(48);
		request.put(0, (byte) ((version << 3) | mode));
		request.put(2, (byte) poll);
		request.putLong(40, transmit);
		return request.array();
	}

	@Test
	void aServerReplyEchoesVersionPollAndTransmitAsOrigin() {
		long clientTransmit = 0xE9B3_1234_5678_9ABCL;
		Instant received = NOW.minusNanos(5_000);
		byte[] reply = new NtpResponder(Clock.fixed(NOW, ZoneOffset.UTC), INFO).reply(request(4, 3, 6, clientTransmit),
				received);
		ByteBuffer fields = ByteBuffer.wrap(reply);
		assertThat(reply).hasSize(48);
		assertThat(reply[0] & 0xFF).as("LI 0, VN 4, mode 4").isEqualTo(0b00_100_100);
		assertThat(reply[1]).as("stratum").isEqualTo((byte) 2);
		assertThat(reply[2]).as("poll").isEqualTo((byte) 6);
		assertThat(reply[3]).as("precision").isEqualTo((byte) -20);
		assertThat(fields.getInt(4)).as("root delay").isZero();
		assertThat(fields.getInt(8)).as("root dispersion 10 ms").isEqualTo((int) ((10L << 16) / 1000));
		assertThat(new String(reply, 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("LOCL");
		assertThat(fields.getLong(16)).as("reference").isEqualTo(NtpTimestamp.encode(received));
		assertThat(fields.getLong(24)).as("origin").isEqualTo(clientTransmit);
		assertThat(fields.getLong(32)).as("receive").isEqualTo(NtpTimestamp.encode(received));
		assertThat(fields.getLong(40)).as("transmit").isEqualTo(NtpTimestamp.encode(NOW));
	}

	/** RFC 5905 §7.3: above stratum 1 the reference id is an IPv4 address, sent as its four bytes. */
	@Test
	void anIpv4ReferenceIdIsSentAsTheAddressAndAnythingElseAsAscii() {
		assertThat(referenceIdOf("127.127.1.0")).containsExactly(0x7F, 0x7F, 0x01, 0x00);
		assertThat(referenceIdOf("10.0.255.1")).containsExactly(10, 0, 0xFF, 1);
		assertThat(referenceIdOf("LOCL")).containsExactly('L', 'O', 'C', 'L');
		assertThat(referenceIdOf("GPS")).containsExactly('G', 'P', 'S', 0);
		assertThat(referenceIdOf("1.2.3")).containsExactly('1', '.', '2', '.');
	}

	private static int[] referenceIdOf(String referenceId) {
		NtpResponder responder = new NtpResponder(Clock.fixed(NOW, ZoneOffset.UTC),
				new NtpResponder.ClockInfo(true, 2, referenceId, -20, Duration.ZERO, Duration.ZERO));
		byte[] reply = responder.reply(request(4, 3, 6, 1), NOW);
		return java.util.stream.IntStream.range(12, 16).map(i -> reply[i] & 0xFF).toArray();
	}

	@Test
	void versionsOneToFourAreEchoedAndAnUnsynchronisedClockSaysLeapThree() {
		NtpResponder unsynchronised = new NtpResponder(Clock.fixed(NOW, ZoneOffset.UTC),
				new NtpResponder.ClockInfo(false, 1, "LOCL", -20, Duration.ZERO, Duration.ZERO));
		for (int version = 1; version <= 4; version++) {
			byte[] reply = unsynchronised.reply(request(version, 3, 4, 1), NOW);
			assertThat(reply[0] & 0xFF).isEqualTo((3 << 6) | (version << 3) | 4);
			assertThat(reply[1]).isEqualTo((byte) 1);
		}
	}

	@Test
	void timestampsInEra1AreWrittenModulo2To32() {
		Instant after2036 = Instant.parse("2036-02-07T06:28:20.5Z");
		byte[] reply = new NtpResponder(Clock.fixed(after2036, ZoneOffset.UTC), INFO).reply(request(4, 3, 4, 7),
				after2036);
		assertThat(ByteBuffer.wrap(reply).getLong(40)).isEqualTo((4L << 32) | 0x8000_0000L);
	}

	@Test
	void aKissOfDeathSaysRateWithStratumZero() {
		byte[] reply = new NtpResponder(Clock.fixed(NOW, ZoneOffset.UTC), INFO).kissOfDeath(request(4, 3, 6, 99), "RATE",
				NOW);
		assertThat(reply[0] & 0xFF).isEqualTo(0b11_100_100);
		assertThat(reply[1]).isZero();
		assertThat(new String(reply, 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RATE");
		assertThat(ByteBuffer.wrap(reply).getLong(24)).isEqualTo(99);
	}

	@Test
	void commonsNetReadsTheReplyAsAValidServerPacket() {
		Instant sent = NOW.minusMillis(4);
		NtpV3Impl request = new NtpV3Impl();
		request.setMode(NtpV3Packet.MODE_CLIENT);
		request.setVersion(NtpV3Packet.VERSION_4);
		request.setTransmitTime(TimeStamp.getNtpTime(sent.toEpochMilli()));
		byte[] requestBytes = request.getDatagramPacket().getData();
		byte[] reply = new NtpResponder(Clock.fixed(NOW.minusMillis(2), ZoneOffset.UTC), INFO).reply(requestBytes,
				NOW.minusMillis(3));

		NtpV3Impl parsed = new NtpV3Impl();
		parsed.setDatagramPacket(new DatagramPacket(reply, reply.length));
		assertThat(parsed.getMode()).isEqualTo(NtpV3Packet.MODE_SERVER);
		assertThat(parsed.getVersion()).isEqualTo(4);
		assertThat(parsed.getOriginateTimeStamp()).isEqualTo(request.getTransmitTimeStamp());
		TimeInfo info = new TimeInfo(parsed, NOW.toEpochMilli(), false);
		info.computeDetails();
		assertThat(info.getComments()).isNullOrEmpty();
		assertThat(info.getOffset()).isBetween(-1L, 1L);
		assertThat(info.getDelay()).isBetween(1L, 3L);
	}

	@Test
	void precisionIsLog2OfTheClocksStep() {
		assertThat(NtpResponder.measurePrecision(Clock.fixed(NOW, ZoneOffset.UTC), 10)).isEqualTo(-20);
		assertThat(NtpResponder.measurePrecision(Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)), 200_000))
			.isBetween(-10, -9);
	}

}
