package org.ackgate.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import org.ackgate.journal.JournalRecord;
import org.ackgate.messages.AcceptedMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KafkaRecordsTests {

	private static final Instant RECEIVED = Instant.parse("2026-12-04T21:10:42.000001200Z");

	private static final byte[] PAYLOAD = { 'h', 0, '\n', (byte) 0xff };

	private final AcceptedMessage message = new AcceptedMessage("framed", "127.0.0.1:5000:7373:abc", "[::1]:5000",
			RECEIVED, PAYLOAD);

	@Test
	void theRecordCarriesTheExactBytesTheHeadersAndTheReceiveTime() {
		ProducerRecord<byte[], byte[]> record = new KafkaRecords("t", KafkaKey.CONNECTION).toRecord(this.message);
		assertThat(record.topic()).isEqualTo("t");
		assertThat(record.value()).isSameAs(PAYLOAD);
		assertThat(record.key()).isEqualTo("127.0.0.1:5000:7373:abc".getBytes(StandardCharsets.UTF_8));
		assertThat(record.timestamp()).isEqualTo(RECEIVED.toEpochMilli());
		assertThat(record.partition()).isNull();
		assertThat(text(record, "ackgate-endpoint")).isEqualTo("framed");
		assertThat(text(record, "ackgate-peer")).isEqualTo("[::1]:5000");
		assertThat(text(record, "ackgate-connection")).isEqualTo("127.0.0.1:5000:7373:abc");
		assertThat(text(record, "ackgate-received-at")).isEqualTo("2026-12-04T21:10:42.000001200Z");
	}

	@Test
	void theKeyIsThePeerOrNothingWhenConfigured() {
		assertThat(new KafkaRecords("t", KafkaKey.PEER).toRecord(this.message).key())
			.isEqualTo("[::1]:5000".getBytes(StandardCharsets.UTF_8));
		assertThat(new KafkaRecords("t", KafkaKey.NONE).toRecord(this.message).key()).isNull();
	}

	@Test
	void aConsumerRebuildsTheAcceptedMessage() {
		ProducerRecord<byte[], byte[]> sent = new KafkaRecords("t", KafkaKey.CONNECTION).toRecord(this.message);
		ConsumerRecord<byte[], byte[]> received = new ConsumerRecord<>("t", 0, 42, sent.timestamp(),
				TimestampType.CREATE_TIME, 0, 0, sent.key(), sent.value(), sent.headers(), java.util.Optional.empty());
		assertThat(KafkaRecords.toAcceptedMessage(received)).usingRecursiveComparison().isEqualTo(this.message);
	}

	@Test
	void aRecordWithoutTheLayoutIsRefusedNamingTheHeader() {
		ConsumerRecord<byte[], byte[]> foreign = new ConsumerRecord<>("t", 0, 0, 0L, TimestampType.CREATE_TIME, 0, 0,
				null, PAYLOAD, new RecordHeaders(), java.util.Optional.empty());
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaRecords.toAcceptedMessage(foreign))
			.withMessageContaining("ackgate-endpoint");
	}

	@Test
	void aJournaledMessageIsKeyedByItsEndpointAndPeer() {
		AcceptedMessage journaled = KafkaDestination
			.accepted(new JournalRecord(10, 60, RECEIVED, "line", "127.0.0.1:5000", PAYLOAD));
		assertThat(journaled.connectionId()).isEqualTo("line/127.0.0.1:5000");
		assertThat(journaled.payload()).isSameAs(PAYLOAD);
		assertThat(journaled.receivedAt()).isEqualTo(RECEIVED);
	}

	private static String text(ProducerRecord<byte[], byte[]> record, String header) {
		return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
	}

}
