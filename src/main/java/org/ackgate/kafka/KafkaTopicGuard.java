package org.ackgate.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.TaskScheduler;

/**
 * Checks at startup and then every {@code check-interval} that the brokers answer and every
 * partition of the topic has a leader, and creates the topic (KafkaAdmin, the configured
 * {@link NewTopic}) when it is missing and {@code create-topic} is on. A missing topic that may
 * not be created stops startup, but only when the brokers said so: brokers that do not answer
 * leave the service running, not ready, and checked again in the background. Each change of
 * state is logged once.
 */
final class KafkaTopicGuard implements InitializingBean, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(KafkaTopicGuard.class);

	private static final Duration STARTUP_CHECK = Duration.ofSeconds(5);

	private final Admin admin;

	private final KafkaAdmin kafkaAdmin;

	private final NewTopic topic;

	private final KafkaProperties properties;

	private final String brokers;

	private final KafkaBrokerState state;

	private final TaskScheduler scheduler;

	private @Nullable ScheduledFuture<?> checks;

	private @Nullable String logged = "";

	KafkaTopicGuard(Admin admin, KafkaAdmin kafkaAdmin, NewTopic topic, KafkaProperties properties, String brokers,
			KafkaBrokerState state, TaskScheduler scheduler) {
		this.admin = admin;
		this.kafkaAdmin = kafkaAdmin;
		this.topic = topic;
		this.properties = properties;
		this.brokers = brokers;
		this.state = state;
		this.scheduler = scheduler;
	}

	/** The first check, while the context is created: before any endpoint listens. */
	@Override
	public void afterPropertiesSet() {
		check(true, startupBound());
	}

	@Override
	public synchronized void start() {
		this.checks = this.scheduler.scheduleWithFixedDelay(() -> check(false, bound()),
				this.properties.checkInterval());
	}

	/** One check; at startup a missing topic that may not be created is fatal. */
	synchronized void check(boolean startup, Duration bound) {
		String problem;
		try {
			problem = problemOf(describe(bound));
		}
		catch (UnknownTopicOrPartitionException ex) {
			if (!this.properties.createTopic()) {
				String missing = "Kafka topic " + this.properties.topic() + " does not exist on " + this.brokers
						+ " and ackgate.kafka.create-topic is false";
				if (startup) {
					throw new KafkaConfigurationException("ackgate.kafka.topic", missing);
				}
				problem = missing;
			}
			else {
				problem = create(bound);
			}
		}
		catch (TimeoutException | ExecutionException | RuntimeException ex) {
			problem = "Kafka brokers " + this.brokers + " not reachable: " + KafkaFailures.describe(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		this.state.checked(problem);
		report(problem);
	}

	private TopicDescription describe(Duration bound)
			throws InterruptedException, ExecutionException, TimeoutException {
		long timeout = bound.toMillis();
		try {
			return this.admin
				.describeTopics(List.of(this.properties.topic()), new DescribeTopicsOptions().timeoutMs((int) timeout))
				.allTopicNames()
				.get(timeout + 1000, TimeUnit.MILLISECONDS)
				.get(this.properties.topic());
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException missing) {
				throw missing;
			}
			throw ex;
		}
	}

	private @Nullable String problemOf(TopicDescription description) {
		long leaderless = description.partitions()
			.stream()
			.filter(partition -> partition.leader() == null || partition.leader().isEmpty())
			.count();
		if (leaderless > 0) {
			return "Kafka topic " + this.properties.topic() + " on " + this.brokers + " has " + leaderless + " of "
					+ description.partitions().size() + " partitions without a leader";
		}
		return null;
	}

	private @Nullable String create(Duration bound) {
		try {
			this.kafkaAdmin.createOrModifyTopics(this.topic);
			log.info("Kafka topic {} created on {} ({} partitions, replication factor {})", this.topic.name(),
					this.brokers, this.topic.numPartitions(),
					(this.topic.replicationFactor() < 0) ? "the broker's default" : this.topic.replicationFactor());
			return problemOf(describe(bound));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted while creating the topic";
		}
		catch (Exception ex) {
			return "Kafka topic " + this.properties.topic() + " could not be created on " + this.brokers + ": "
					+ KafkaFailures.describe(ex);
		}
	}

	/**
	 * The first check connects the admin client, which takes longer than a check on an open
	 * connection; brokers that do not answer within it delay startup by this much, no more.
	 */
	private Duration startupBound() {
		Duration send = this.properties.sendTimeout();
		return (send.compareTo(STARTUP_CHECK) < 0) ? send : STARTUP_CHECK;
	}

	/** Checks must end well within a readiness period, and never outlast a send. */
	private Duration bound() {
		Duration check = this.properties.checkInterval();
		Duration send = this.properties.sendTimeout();
		return (check.compareTo(send) < 0) ? check : send;
	}

	private void report(@Nullable String problem) {
		// The same kind of problem with another client message (the admin client's timeouts vary)
		// is the same outage: logged once.
		if (Objects.equals(kind(problem), kind(this.logged))) {
			return;
		}
		if (problem == null) {
			log.info("Kafka topic {} on {} is writable{}", this.properties.topic(), this.brokers,
					(this.properties.ackMode() == KafkaAckMode.BROKER) ? "; messages are acked once the broker confirms"
							: "");
		}
		else if (this.properties.ackMode() == KafkaAckMode.BROKER) {
			log.warn("{}: readiness is DOWN and no message is acked until the broker confirms again (checked every {})",
					problem, this.properties.checkInterval());
		}
		else {
			log.warn("{}: messages are still acked and journaled, and forwarded once Kafka takes them (checked every {})",
					problem, this.properties.checkInterval());
		}
		this.logged = problem;
	}

	private static @Nullable String kind(@Nullable String problem) {
		if (problem == null) {
			return null;
		}
		int colon = problem.indexOf(':');
		return (colon < 0) ? problem : problem.substring(0, colon);
	}

	@Override
	public synchronized void stop() {
		if (this.checks != null) {
			this.checks.cancel(false);
		}
		this.checks = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.checks != null;
	}


}
