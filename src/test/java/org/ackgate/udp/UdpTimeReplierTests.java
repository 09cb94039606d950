package org.ackgate.udp;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UdpTimeReplierTests {

	private static final InetSocketAddress SOURCE = new InetSocketAddress("127.0.0.1", 40123);

	private static final Instant RECEIVED = Instant.parse("2026-12-06T14:00:00.123456789Z");

	private final UdpTimeReplier replier = new UdpTimeReplier(new UdpTimeResponder("udp", "text",
			received -> received.toString().getBytes(StandardCharsets.US_ASCII), null, null, UdpTimeEvents.NONE));

	@Test
	void theReplyCarriesTheTimeTheDatagramWasReadAndItsRequestsHeadersUncopied() {
		Message<byte[]> request = request("what time is it?".getBytes(StandardCharsets.US_ASCII));
		Object reply = this.replier.handleRequestMessage(request);

		assertThat(reply).isInstanceOf(Message.class);
		Message<?> message = (Message<?>) reply;
		assertThat((byte[]) message.getPayload()).asString(StandardCharsets.US_ASCII)
			.isEqualTo("2026-12-06T14:00:00.123456789Z");
		assertThat(message.getHeaders()).isSameAs(request.getHeaders());
		assertThat(this.replier.shouldCopyRequestHeaders()).isFalse();
	}

	@Test
	void theWholeHandlerSendsThatReplyOnUnchanged() {
		Message<byte[]> request = request(new byte[] { 'x' });
		QueueChannel replies = new QueueChannel();
		this.replier.setOutputChannel(replies);
		this.replier.handleMessage(request);

		Message<?> sent = replies.receive(0);
		assertThat(sent).isNotNull();
		assertThat(sent.getHeaders()).isSameAs(request.getHeaders());
		assertThat(sent.getHeaders().get(IpHeaders.PACKET_ADDRESS)).isEqualTo(SOURCE);
	}

	@Test
	void aRequestWithoutItsDatagramsHeadersIsRefusedNamingThem() {
		Message<byte[]> bare = MessageBuilder.withPayload(new byte[] { 'x' }).build();

		assertThatIllegalArgumentException().isThrownBy(() -> this.replier.handleRequestMessage(bare))
			.withMessageContaining(IpHeaders.PACKET_ADDRESS)
			.withMessageContaining(BindingUdpReceiver.RECEIVED_AT);
	}

	private static Message<byte[]> request(byte[] datagram) {
		return new GenericMessage<>(datagram,
				Map.of(IpHeaders.PACKET_ADDRESS, SOURCE, BindingUdpReceiver.RECEIVED_AT, RECEIVED));
	}

}
