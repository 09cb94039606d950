package org.ackgate.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import org.ackgate.messages.AcceptedMessage;

/**
 * The record layout, ackgate's contract with consumers: the value is the payload exactly as
 * received; headers {@code ackgate-endpoint}, {@code ackgate-peer}, {@code ackgate-connection}
 * and {@code ackgate-received-at} (RFC 3339, UTC, nanoseconds) in UTF-8; the record timestamp is
 * the receive time in milliseconds; the key follows {@link KafkaKey}. A consumer rebuilds the
 * {@link AcceptedMessage} with {@link #toAcceptedMessage}.
 */
public final class KafkaRecords {

	public static final String ENDPOINT = "ackgate-endpoint";

	public static final String PEER = "ackgate-peer";

	public static final String CONNECTION = "ackgate-connection";

	public static final String RECEIVED_AT = "ackgate-received-at";

	private final String topic;

	private final KafkaKey key;

	public KafkaRecords(String topic, KafkaKey key) {
		this.topic = topic;
		this.key = key;
	}

	/** The record of an accepted message. */
	public ProducerRecord<byte[], byte[]> toRecord(AcceptedMessage message) {
		Headers headers = new RecordHeaders();
		headers.add(ENDPOINT, utf8(message.endpoint()));
		headers.add(PEER, utf8(message.peer()));
		headers.add(CONNECTION, utf8(message.connectionId()));
		headers.add(RECEIVED_AT, ReceiveTimeText.bytes(message.receivedAt()));
		return new ProducerRecord<>(this.topic, null, message.receivedAt().toEpochMilli(), key(message),
				message.payload(), headers);
	}

	private byte @Nullable [] key(AcceptedMessage message) {
		return switch (this.key) {
			case CONNECTION -> utf8(message.connectionId());
			case PEER -> utf8(message.peer());
			case NONE -> null;
		};
	}

	/**
	 * The accepted message a record carries.
	 * @throws IllegalArgumentException when a header of the layout is missing
	 */
	public static AcceptedMessage toAcceptedMessage(ConsumerRecord<?, byte[]> record) {
		Headers headers = record.headers();
		return new AcceptedMessage(header(headers, ENDPOINT), header(headers, CONNECTION), header(headers, PEER),
				Instant.parse(header(headers, RECEIVED_AT)), record.value());
	}

	private static String header(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		if (header == null || header.value() == null) {
			throw new IllegalArgumentException("the record has no " + name + " header: not written by ackgate");
		}
		return new String(header.value(), StandardCharsets.UTF_8);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
