package org.ackgate.client.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.MessagingException;

import org.ackgate.wire.ProtocolViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The retry decision: a close between replies is survived by a reconnect, a bounded number of times
 * in a row with a growing wait; a wrong, cut-short or late reply never is.
 */
class ReconnectsTests {

	/** What Spring Integration hands the waiting gateway: the cause wrapped in a messaging exception. */
	private static Throwable wrapped(Throwable cause) {
		return new MessagingException("Send failed", cause);
	}

	@Test
	void aCloseBetweenRepliesIsRetriedAtOnceThenWithAGrowingWait() {
		Reconnects reconnects = new Reconnects(3);
		Throwable closed = wrapped(new PeerClosedException());
		assertThat(reconnects.after(closed)).isEqualTo(Duration.ZERO);
		assertThat(reconnects.after(closed)).isEqualTo(Duration.ofMillis(100));
		assertThat(reconnects.after(closed)).isEqualTo(Duration.ofMillis(200));
		assertThat(reconnects.total()).isEqualTo(3);
	}

	@Test
	void theRetriesInARowAreBoundedAndTheReportSaysSo() {
		Reconnects reconnects = new Reconnects(2);
		Throwable closed = wrapped(new PeerClosedException());
		assertThat(reconnects.after(closed)).isNotNull();
		assertThat(reconnects.after(closed)).isNotNull();
		assertThat(reconnects.after(closed)).isNull();
		assertThat(reconnects.after(closed)).isNull();
		assertThat(reconnects.total()).isEqualTo(2);
		assertThat(reconnects.giveUpNote(closed)).isEqualTo(" (gave up after 2 reconnects in a row without an ack)");
	}

	@Test
	void anAckStartsANewCount() {
		Reconnects reconnects = new Reconnects(1);
		Throwable closed = wrapped(new PeerClosedException());
		for (int i = 0; i < 50; i++) {
			assertThat(reconnects.after(closed)).as("close %d after an ack", i).isEqualTo(Duration.ZERO);
			reconnects.acked();
		}
		assertThat(reconnects.total()).isEqualTo(50);
		assertThat(reconnects.after(closed)).isEqualTo(Duration.ZERO);
		assertThat(reconnects.after(closed)).isNull();
		assertThat(reconnects.giveUpNote(closed)).isEqualTo(" (gave up after 1 reconnect in a row without an ack)");
	}

	@Test
	void aResetABrokenPipeASocketClosedUnderAWriteAndARefusedReconnectAreRetried() {
		for (Throwable failure : new Throwable[] { new SocketException("Connection reset"),
				new SocketException("Connection reset by peer"), new SocketException("Broken pipe"),
				new SocketException("Socket closed"), new SocketException("Socket is closed"),
				new SocketException("Connection or outbound has been closed"),
				new SocketException("Connection or outbound has closed"),
				new ConnectException("Connection refused") }) {
			assertThat(new Reconnects(3).after(wrapped(failure))).as(failure.toString()).isEqualTo(Duration.ZERO);
		}
	}

	@Test
	void aProtocolErrorIsNeverRetried() {
		for (Throwable failure : new Throwable[] {
				new ProtocolViolation(ProtocolViolation.Kind.TRUNCATED, "stream ended in the middle of a frame"),
				new ProtocolViolation(ProtocolViolation.Kind.OVERSIZE, "line longer than 16 bytes"),
				new UnexpectedReplyException("expected the ack \"我收到了\"", "OK".getBytes()),
				// A cut-short reply wraps the close: the violation, found first, decides.
				new ProtocolViolation(ProtocolViolation.Kind.TRUNCATED, "ended").initCause(new PeerClosedException()) }) {
			Reconnects reconnects = new Reconnects(3);
			for (int i = 0; i < 10; i++) {
				assertThat(reconnects.after(wrapped(failure))).as(failure.toString()).isNull();
			}
			assertThat(reconnects.total()).isZero();
			assertThat(reconnects.giveUpNote(wrapped(failure))).isEmpty();
		}
	}

	@Test
	void aLateReplyATlsFailureAndAnythingUnknownAreNotRetried() {
		for (Throwable failure : new Throwable[] { new SocketTimeoutException("Read timed out"),
				new SSLHandshakeException("Received fatal alert: bad_certificate"),
				new SocketException("Network is unreachable"), new IOException("something else"),
				new IllegalStateException("bug"), new ClientFailure("interrupted while connecting") }) {
			assertThat(new Reconnects(3).after(wrapped(failure))).as(failure.toString()).isNull();
		}
	}

	@Test
	void noneNeverReconnects() {
		Reconnects none = Reconnects.none();
		assertThat(none.allowsAny()).isFalse();
		assertThat(none.after(new PeerClosedException())).isNull();
		assertThat(none.giveUpNote(new PeerClosedException())).isEmpty();
	}

	@Test
	void theWaitDoublesUpToTwoSeconds() {
		assertThat(Reconnects.backoff(1)).isZero();
		assertThat(Reconnects.backoff(2)).isEqualTo(Duration.ofMillis(100));
		assertThat(Reconnects.backoff(3)).isEqualTo(Duration.ofMillis(200));
		assertThat(Reconnects.backoff(6)).isEqualTo(Duration.ofMillis(1600));
		assertThat(Reconnects.backoff(7)).isEqualTo(Duration.ofSeconds(2));
		assertThat(Reconnects.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void aNegativeLimitIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Reconnects(-1));
	}

}
