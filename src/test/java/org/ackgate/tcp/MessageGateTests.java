package org.ackgate.tcp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageGateTests {

	private final MessageGate gate = new MessageGate();

	@Test
	void aTimeoutCloseWaitsWhileAMessageIsHandled() {
		assertThat(this.gate.enter()).isTrue();
		assertThat(this.gate.isHandling()).isTrue();
		assertThat(this.gate.closeBetweenMessages()).as("the message's ack is still owed").isFalse();
		this.gate.leave();
		assertThat(this.gate.isHandling()).isFalse();
		assertThat(this.gate.closeBetweenMessages()).isTrue();
	}

	@Test
	void noMessageIsHandedOffOnceATimeoutClosed() {
		assertThat(this.gate.closeBetweenMessages()).isTrue();
		assertThat(this.gate.enter()).isFalse();
		assertThat(this.gate.isHandling()).isFalse();
		assertThat(this.gate.closeBetweenMessages()).as("asked again by the next sweep").isTrue();
		this.gate.leave();
		assertThat(this.gate.enter()).as("leave does not reopen a closed gate").isFalse();
	}

	@Test
	void messagesFollowOneAnother() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.gate.enter()).isTrue();
			assertThat(this.gate.enter()).as("one message at a time").isFalse();
			this.gate.leave();
		}
	}

}
