package org.ackgate.relay;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.CachingClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactoryChain;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.scheduling.TaskScheduler;

import org.ackgate.forward.ForwardSettings;
import org.ackgate.forward.JournalForwarder;
import org.ackgate.journal.Journal;
import org.ackgate.messages.AcceptedMessage;
import org.ackgate.messages.WaitingSubscriber;
import org.ackgate.system.SettingException;

/**
 * With {@code ackgate.relay.enabled}: relay.gateway → relay.outbound (TcpOutboundGateway) on
 * relay.connectionFactory, a CachingClientConnectionFactory pooling {@code pool-size} connections
 * of relay.targetConnectionFactory (TcpNetClientConnectionFactory). In {@code upstream} mode
 * relay.upstream subscribes to {@code ackgate.messages} and returns once the upstream acked; in
 * {@code local} mode the journal forwarder feeds the gateway from the journal. In both, the
 * upstream's state (exchanges, and a connect probe while they are missing) feeds the relay's
 * health, which readiness follows in {@code upstream} mode.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "ackgate.relay.enabled")
class RelayConfiguration {

	/** The local mode's forwarder, which the relay's health reads the backlog from. */
	static final String FORWARDER = "relay.forwarder";

	/** Longest line ack read back: the prefix, the longest message the service accepts, some slack. */
	private static final int MAX_LINE_ACK = 16 * 1024 * 1024 + 4096;

	@Bean
	UpstreamState relayUpstreamState(Clock clock) {
		return new UpstreamState(clock);
	}

	@Bean
	UpstreamProbe relayUpstreamProbe(RelayProperties properties, UpstreamState relayUpstreamState,
			TaskScheduler taskScheduler) {
		return new UpstreamProbe(properties, relayUpstreamState, taskScheduler);
	}

	@Bean
	RelayMeters relayMeters(MeterRegistry registry, UpstreamState relayUpstreamState) {
		return new RelayMeters(registry, relayUpstreamState);
	}

	@Bean("relay.targetConnectionFactory")
	TcpNetClientConnectionFactory relayTargetConnectionFactory(RelayProperties properties,
			ApplicationEventPublisher publisher) {
		TcpNetClientConnectionFactory target = new TcpNetClientConnectionFactory(properties.host(), properties.port());
		RelayCodec codec = new RelayCodec(properties.protocol(),
				properties.ackText().getBytes(StandardCharsets.UTF_8).length, MAX_LINE_ACK);
		target.setSerializer(codec);
		target.setDeserializer(codec);
		target.setConnectTimeout((int) Math.max(1, properties.connectTimeout().toSeconds()));
		target.setSoTcpNoDelay(true);
		if (properties.protocol() == RelayProtocol.FRAMED) {
			TcpConnectionInterceptorFactoryChain chain = new TcpConnectionInterceptorFactoryChain();
			chain.setInterceptor(() -> new ReceiptInterceptor(publisher));
			target.setInterceptorFactoryChain(chain);
		}
		return target;
	}

	@Bean("relay.connectionFactory")
	CachingClientConnectionFactory relayConnectionFactory(TcpNetClientConnectionFactory relayTargetConnectionFactory,
			RelayProperties properties) {
		CachingClientConnectionFactory pool = new CachingClientConnectionFactory(relayTargetConnectionFactory,
				properties.poolSize());
		pool.setConnectionWaitTimeout((int) properties.replyTimeout().toMillis());
		return pool;
	}

	@Bean
	IntegrationFlow relayFlow(CachingClientConnectionFactory relayConnectionFactory, RelayProperties properties) {
		return IntegrationFlow.from(RelayGateway.class, gateway -> gateway.beanName("relay.gateway"))
			.handle(Tcp.outboundGateway((AbstractClientConnectionFactory) relayConnectionFactory)
				.remoteTimeout(properties.replyTimeout().toMillis()), endpoint -> endpoint.id("relay.outbound"))
			.get();
	}

	@Bean
	Relay relay(ObjectProvider<RelayGateway> gateway, RelayProperties properties, RelayMeters meters,
			UpstreamState relayUpstreamState) {
		return new Relay(payload -> gateway.getObject().exchange(payload), properties, meters, relayUpstreamState);
	}

	// Nested configurations are found by the component scan on their own: each repeats the switch.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "ackgate.relay.enabled")
	@ConditionalOnProperty(name = "ackgate.relay.ack-mode", havingValue = "upstream", matchIfMissing = true)
	static class UpstreamMode {

		@Bean
		WaitingSubscriber relayWaits() {
			return new WaitingSubscriber("the relay, which waits for the upstream's ack");
		}

		@Bean
		IntegrationFlow relayUpstreamFlow(Relay relay) {
			return IntegrationFlow.from("ackgate.messages")
				.handle(AcceptedMessage.class, (message, headers) -> {
					relay.forward(message.payload());
					return null;
				}, endpoint -> endpoint.id("relay.upstream"))
				.get();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "ackgate.relay.enabled")
	@ConditionalOnProperty(name = "ackgate.relay.ack-mode", havingValue = "local")
	static class LocalMode {

		@Bean(FORWARDER)
		JournalForwarder relayForwarder(ObjectProvider<Journal> journal, Relay relay, RelayProperties properties,
				RelayMeters meters) {
			Journal available = journal.getIfAvailable();
			if (available == null) {
				throw new SettingException("ackgate.relay.ack-mode",
						"ackgate.relay.ack-mode=local forwards from the journal, which is off",
						"Set ackgate.journal.enabled=true, or ackgate.relay.ack-mode=upstream.");
			}
			// One record at a time: the upstream protocols ack message by message anyway.
			ForwardSettings settings = new ForwardSettings("relay", "the relay", 1, properties.retry().initialBackoff(),
					properties.retry().maxBackoff(), properties.replyTimeout());
			JournalForwarder forwarder = new JournalForwarder(available,
					new RelayDestination(relay, properties, meters), settings, meters::retry);
			meters.backlog(forwarder::backlogBytes);
			return forwarder;
		}

	}

}
