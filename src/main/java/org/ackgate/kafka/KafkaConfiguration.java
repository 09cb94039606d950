package org.ackgate.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.unit.DataSize;

import org.ackgate.forward.ForwardSettings;
import org.ackgate.forward.JournalForwarder;
import org.ackgate.journal.Journal;
import org.ackgate.journal.JournalProperties;
import org.ackgate.messages.AcceptedMessage;
import org.ackgate.messages.Confirmations;
import org.ackgate.messages.WaitingSubscriber;
import org.ackgate.tcp.TcpEndpointProperties;

/**
 * With {@code ackgate.kafka.enabled}: the sender on a producer derived from Spring Boot's
 * ({@code spring.kafka.*}, with {@code acks=all} and idempotence enforced), the topic guard, and
 * either {@code kafka.send}, a subscriber of {@code ackgate.messages} that returns once the broker
 * confirmed ({@code broker} mode), or {@code kafka-forwarder} carrying the journal to Kafka
 * ({@code local} mode). The {@code kafka} health member is there either way.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

	/** The {@code broker} mode subscriber's endpoint id. */
	static final String SEND = "kafka.send";

	/** The {@code local} mode's forwarder, whose health the {@code kafka} member reports. */
	static final String FORWARDER = "kafkaForwarder";

	@Bean
	@ConditionalOnBooleanProperty(name = "ackgate.kafka.enabled", havingValue = false, matchIfMissing = true)
	KafkaHealthIndicator kafkaHealthIndicator() {
		return KafkaHealthIndicator.disabled();
	}

	// Nested configurations are found by the component scan on their own: each repeats the switch.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "ackgate.kafka.enabled")
	static class Enabled {

		@Bean
		KafkaMeters kafkaMeters(MeterRegistry registry) {
			return new KafkaMeters(registry);
		}

		@Bean
		KafkaClientMeterNames kafkaClientMeterNames() {
			return new KafkaClientMeterNames();
		}

		@Bean
		KafkaBrokerState kafkaBrokerState() {
			return new KafkaBrokerState();
		}

		@Bean(destroyMethod = "close")
		KafkaSender kafkaSender(DefaultKafkaProducerFactory<?, ?> kafkaProducerFactory, KafkaAdmin kafkaAdmin,
				KafkaProperties properties, KafkaMeters meters, KafkaBrokerState state,
				ObjectProvider<TcpEndpointProperties> endpoints) {
			ProducerFactory<byte[], byte[]> producers = producerFactory(kafkaProducerFactory, properties);
			Map<String, DataSize> maxMessageSizes = new TreeMap<>();
			endpoints.orderedStream()
				.filter(TcpEndpointProperties::enabled)
				.forEach(endpoint -> maxMessageSizes.put(endpoint.endpoint(), endpoint.maxMessageSize()));
			for (String warning : oversized(maxMessageSizes, producers.getConfigurationProperties(),
					properties.ackMode())) {
				log.warn(warning);
			}
			KafkaTemplate<byte[], byte[]> template = new KafkaTemplate<>(producers);
			// Failures are counted and end up in the connection's close line; Spring Kafka's default
			// listener would log each one again with its record.
			template.setProducerListener(new ProducerListener<>() {
			});
			return new KafkaSender(template, producers, properties, brokers(kafkaAdmin), meters, state);
		}

		@Bean(destroyMethod = "close")
		Admin kafkaGuardAdmin(KafkaAdmin kafkaAdmin) {
			Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
			config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "ackgate-kafka-check");
			return Admin.create(config);
		}

		@Bean
		KafkaTopicGuard kafkaTopicGuard(Admin kafkaGuardAdmin, KafkaAdmin kafkaAdmin, KafkaProperties properties,
				KafkaBrokerState state, TaskScheduler taskScheduler) {
			// Not a NewTopic bean: KafkaAdmin would create it while the context starts, and with the
			// brokers down block startup for its operation timeout; the guard creates it instead,
			// at startup when the brokers answer, in the background when they come back.
			return new KafkaTopicGuard(kafkaGuardAdmin, kafkaAdmin, newTopic(properties), properties,
					brokers(kafkaAdmin), state, taskScheduler);
		}

		@Bean
		KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties properties, KafkaBrokerState state,
				ObjectProvider<KafkaBacklog> backlog, @Qualifier(FORWARDER) ObjectProvider<JournalForwarder> forwarder,
				KafkaAdmin kafkaAdmin) {
			KafkaBacklog local = backlog.getIfAvailable();
			JournalForwarder forwarding = forwarder.getIfAvailable();
			return KafkaHealthIndicator.of(properties, state, (local != null) ? local::records : null,
					(forwarding != null) ? forwarding::stopped : null, brokers(kafkaAdmin));
		}

		static NewTopic newTopic(KafkaProperties properties) {
			TopicBuilder topic = TopicBuilder.name(properties.topic()).partitions(properties.partitions());
			if (properties.replicationFactor() > 0) {
				topic.replicas(properties.replicationFactor());
			}
			return topic.build();
		}

		/**
		 * Spring Boot's producer settings with what an ack needs enforced: every in-sync replica
		 * confirms ({@code acks=all}), retries cannot duplicate or reorder ({@code enable.idempotence}),
		 * and waiting for metadata never outlasts {@code send-timeout}. Settings that contradict
		 * them stop startup rather than being overridden silently. Unless configured, the client id
		 * is {@code ackgate-kafka} and {@code linger.ms} 0.
		 */
		@SuppressWarnings({ "unchecked", "rawtypes" })
		static ProducerFactory<byte[], byte[]> producerFactory(DefaultKafkaProducerFactory<?, ?> boot,
				KafkaProperties properties) {
			Map<String, Object> configured = boot.getConfigurationProperties();
			Object acks = configured.get(ProducerConfig.ACKS_CONFIG);
			if (acks != null && !"all".equals(String.valueOf(acks)) && !"-1".equals(String.valueOf(acks))) {
				throw new KafkaConfigurationException("spring.kafka.producer.acks", "spring.kafka.producer.acks=" + acks
						+ " would let ackgate ack messages a broker failure can lose: ackgate.kafka needs acks=all");
			}
			Object idempotence = configured.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
			if (idempotence != null && !Boolean.parseBoolean(String.valueOf(idempotence))) {
				throw new KafkaConfigurationException("spring.kafka.producer.properties[enable.idempotence]",
						"spring.kafka.producer.properties[enable.idempotence]=false would let producer retries duplicate "
								+ "and reorder records: ackgate.kafka needs the idempotent producer");
			}
			if (boot.transactionCapable()) {
				throw new KafkaConfigurationException("spring.kafka.producer.transaction-id-prefix",
						"spring.kafka.producer.transaction-id-prefix is set, but ackgate.kafka sends without transactions");
			}
			long maxBlock = Math.min(KafkaSender.longOf(configured.get(ProducerConfig.MAX_BLOCK_MS_CONFIG), 60_000),
					properties.sendTimeout().toMillis());
			Map<String, Object> enforced = new HashMap<>();
			enforced.put(ProducerConfig.ACKS_CONFIG, "all");
			enforced.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
			enforced.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
			enforced.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
			enforced.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock);
			if (!configured.containsKey(ProducerConfig.CLIENT_ID_CONFIG)) {
				enforced.put(ProducerConfig.CLIENT_ID_CONFIG, "ackgate-kafka");
			}
			// In broker mode each connection waits for its record's confirmation before it sends the
			// next message, so Kafka's linger (5 ms since Kafka 4.0, for producers that do not wait)
			// would hold every record that does not fill a batch: a lone client's ack took 7 ms
			// instead of 0.45 ms. Records of concurrent connections still share a request while
			// earlier ones are in flight (docs/kafka.md, "Sizing").
			if (!configured.containsKey(ProducerConfig.LINGER_MS_CONFIG)) {
				enforced.put(ProducerConfig.LINGER_MS_CONFIG, 0);
			}
			// The copy keeps Boot's listeners, among them the MicrometerProducerListener that binds
			// the producer's own metrics (kafka_producer_*).
			DefaultKafkaProducerFactory copy = (DefaultKafkaProducerFactory) boot.copyWithConfigurationOverride(enforced);
			// Closing waits this long for records still unconfirmed, not Spring Kafka's 30 s: with the
			// brokers gone, shutdown must not outlast its grace period on their account.
			copy.setPhysicalCloseTimeout((int) Math.max(1, properties.sendTimeout().toSeconds()));
			return copy;
		}

		/**
		 * What a record adds to its message in a produce request, at most about: the batch header (61
		 * bytes), the record's own framing, the key ({@code ENDPOINT/PEER}) and the four headers.
		 */
		static final int RECORD_OVERHEAD = 1024;

		/**
		 * A warning per endpoint whose {@code max-message-size} lets in a message the producer refuses
		 * for good (RecordTooLargeException), for a log line at startup. Only a warning: the endpoints'
		 * limits and Kafka's are set by different people for different reasons, nothing is acked that
		 * should not be, and the topic's own {@code max.message.bytes}, which can be smaller still, is
		 * not known here anyway.
		 */
		static List<String> oversized(Map<String, DataSize> maxMessageSizes, Map<String, Object> producerConfig,
				KafkaAckMode ackMode) {
			long maxRequest = KafkaSender.longOf(producerConfig.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 1024 * 1024);
			List<String> warnings = new ArrayList<>();
			maxMessageSizes.forEach((endpoint, size) -> {
				if (size.toBytes() + RECORD_OVERHEAD > maxRequest) {
					warnings.add("ackgate." + endpoint + ".max-message-size (" + size.toBytes() + " bytes) is above what "
							+ "the Kafka producer sends, spring.kafka.producer.properties[max.request.size] (" + maxRequest
							+ " bytes, less about " + RECORD_OVERHEAD + " for the record's key and headers): Kafka refuses "
							+ "a larger message for good ("
							+ ((ackMode == KafkaAckMode.LOCAL)
									? "ack-mode local: it is acked, then skipped by the forwarder, counted in ackgate_kafka_rejected_total"
									: "ack-mode broker: it is not acked")
							+ "); raise max.request.size (and the topic's max.message.bytes) or lower max-message-size");
				}
			});
			return warnings;
		}

		static String brokers(KafkaAdmin kafkaAdmin) {
			Object servers = kafkaAdmin.getConfigurationProperties().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
			if (servers instanceof Collection<?> list) {
				return String.join(",", list.stream().map(String::valueOf).toList());
			}
			return String.valueOf(servers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "ackgate.kafka.enabled")
	@ConditionalOnProperty(name = "ackgate.kafka.ack-mode", havingValue = "broker", matchIfMissing = true)
	static class BrokerMode {

		@Bean
		WaitingSubscriber kafkaWaits(KafkaSender sender) {
			return new WaitingSubscriber("Kafka, which waits for the broker's confirmation", sender::sendsWithoutWaiting);
		}

		@Bean
		IntegrationFlow kafkaSendFlow(KafkaSender sender) {
			// A plain MessageHandler, as messages.log: it returns once the broker confirmed, or throws,
			// and the connection closes without an ack, its reason naming the topic and the brokers.
			// Where the connection's confirmations are open it promises the confirmation instead, and
			// the connection writes the ack when it comes, or closes with that reason when it fails.
			return IntegrationFlow.from("ackgate.messages").handle(message -> {
				AcceptedMessage accepted = (AcceptedMessage) message.getPayload();
				Confirmations confirmations = Confirmations.openIn(message.getHeaders());
				if (confirmations != null) {
					confirmations.promise(sender.sendLater(accepted));
				}
				else {
					sender.send(accepted);
				}
			}, endpoint -> endpoint.id(SEND)).get();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "ackgate.kafka.enabled")
	@ConditionalOnProperty(name = "ackgate.kafka.ack-mode", havingValue = "local")
	static class LocalMode {

		@Bean
		KafkaBacklog kafkaBacklog(JournalProperties journal) {
			if (!journal.enabled()) {
				throw new KafkaConfigurationException("ackgate.kafka.ack-mode",
						"ackgate.kafka.ack-mode=local acks once a message is journaled, but the journal is off: set "
								+ "ackgate.journal.enabled=true (or ackgate.kafka.ack-mode=broker)");
			}
			return new KafkaBacklog();
		}

		@Bean
		JournalForwarder kafkaForwarder(Journal journal, KafkaSender sender, KafkaBacklog backlog,
				KafkaProperties properties, KafkaMeters meters, KafkaAdmin kafkaAdmin) {
			KafkaProperties.Forward forward = properties.forward();
			ForwardSettings settings = new ForwardSettings("kafka", "Kafka's forwarder", forward.batchSize(),
					forward.initialBackoff(), forward.maxBackoff(), properties.sendTimeout());
			KafkaDestination destination = new KafkaDestination(sender, backlog, meters, properties.topic(),
					Enabled.brokers(kafkaAdmin));
			JournalForwarder forwarder = new JournalForwarder(journal, destination, settings, () -> {
			});
			backlog.countFrom(journal, forwarder.startOffset());
			meters.backlog(backlog::records);
			return forwarder;
		}

	}

}
