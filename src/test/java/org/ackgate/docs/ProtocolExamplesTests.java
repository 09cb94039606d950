package org.ackgate.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import org.ackgate.framed.AckFraming;
import org.ackgate.framed.FramedAckResponder;
import org.ackgate.framed.HeadersCodec;
import org.ackgate.line.LineAckResponder;
import org.ackgate.ntp.NtpResponder;
import org.ackgate.rfc868.Rfc868Time;
import org.ackgate.time.TimeFormat;
import org.ackgate.time.TimeText;

import static org.assertj.core.api.Assertions.assertThat;

/** The hex examples in docs/protocols.md are the bytes ackgate's own codecs produce. */
class ProtocolExamplesTests {

	private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

	private static final Instant EXAMPLE = Instant.parse("2026-11-22T05:47:30Z");

	private final String page = read(Path.of("docs/protocols.md"));

	@Test
	void lineAck() {
		assertShown("68 65 6C 6C 6F 0A", "hello\n".getBytes(StandardCharsets.UTF_8));
		assertShown(new LineAckResponder("已接收: ").ack("hello".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void framedAckAndReceipt() {
		assertShown(HeadersCodec.encode("hi".getBytes(StandardCharsets.UTF_8)));
		assertShown(new FramedAckResponder("我收到了", AckFraming.RAW).ack());
		assertShown(new FramedAckResponder("我收到了", AckFraming.HEADERS).ack());
		assertShown("ok".getBytes(StandardCharsets.US_ASCII));
		byte[] negative = HeadersCodec.encode(new byte[0]);
		Arrays.fill(negative, 7, 11, (byte) 0xFF);
		assertShown(negative);
	}

	@Test
	void timeTexts() {
		Clock clock = Clock.fixed(EXAMPLE, ZoneOffset.UTC);
		assertShown(new TimeText(clock, TimeFormat.RFC3339).now());
		assertShown(spaced(new TimeText(clock, TimeFormat.DAYTIME).now()));
		assertShown("获取时间".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void rfc868() {
		assertShown(Rfc868Time.encode(EXAMPLE));
		assertShown(Rfc868Time.encode(Instant.parse("2036-02-07T06:28:16Z")));
	}

	@Test
	void ntpReplyAndKissOfDeath() {
		byte[] request = new byte[48];
		request[0] = 0x23;
		request[2] = 6;
		System.arraycopy(HEX.parseHex("EE AD 00 72 40 00 00 00"), 0, request, 40, 8);
		Instant received = EXAMPLE.plusMillis(251);
		NtpResponder responder = new NtpResponder(Clock.fixed(EXAMPLE.plusNanos(251_050_000), ZoneOffset.UTC),
				new NtpResponder.ClockInfo(true, 2, "127.127.1.0", -23, Duration.ZERO, Duration.ofMillis(10)));
		assertShownInTwoRows(request);
		assertShownInTwoRows(responder.reply(request, received));
		assertShownInTwoRows(responder.kissOfDeath(request, "RATE", received));
	}

	private void assertShown(String hex, byte[] bytes) {
		assertThat(HEX.formatHex(bytes)).isEqualTo(hex);
		assertShown(bytes);
	}

	private void assertShown(byte[] bytes) {
		assertThat(this.page).contains(HEX.formatHex(bytes));
	}

	/** The page breaks long examples into rows; the daytime text after 30 bytes, the NTP packets after 24. */
	private void assertShownInTwoRows(byte[] packet) {
		assertThat(this.page).contains(HEX.formatHex(packet, 0, 24)).contains(HEX.formatHex(packet, 24, 48));
	}

	private byte[] spaced(byte[] text) {
		assertThat(this.page).contains(HEX.formatHex(text, 0, 30)).contains(HEX.formatHex(text, 30, text.length));
		return Arrays.copyOf(text, 30);
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

}
