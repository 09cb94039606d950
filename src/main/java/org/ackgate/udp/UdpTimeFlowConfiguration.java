package org.ackgate.udp;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;

import org.ackgate.ntp.NtpResponder;
import org.ackgate.observability.EndpointDescriptor;
import org.ackgate.time.TimeFormat;
import org.ackgate.time.TimeText;

/**
 * The UDP time endpoint: udp.inbound → udp.requests → udp.responder (text or NTP, rate limited)
 * → udp.replies → udp.outbound.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "ackgate.udp.enabled", matchIfMissing = true)
class UdpTimeFlowConfiguration {

	private static final Logger log = LoggerFactory.getLogger(UdpTimeFlowConfiguration.class);

	static final String RECEIVER = "udp.inbound";

	/** Direct, so the flow runs on the receiving thread; beans, so the channel names are stable. */
	@Bean("udp.requests")
	DirectChannel udpRequests() {
		return new DirectChannel();
	}

	@Bean("udp.replies")
	DirectChannel udpReplies() {
		return new DirectChannel();
	}

	@Bean(RECEIVER)
	BindingUdpReceiver udpReceiver(UdpProperties properties, Clock clock) {
		BindingUdpReceiver receiver = new BindingUdpReceiver("udp", properties.port(), properties.bindAddress(),
				properties.receivers(), clock);
		receiver.setSoReceiveBufferSize(properties.receiveBufferBytes());
		return receiver;
	}

	/** What observability shows of this endpoint: its health, info and meters. */
	@Bean
	EndpointDescriptor udpEndpoint(@Qualifier(RECEIVER) BindingUdpReceiver receiver, UdpProperties properties) {
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("format", EndpointDescriptor.label(properties.format()));
		info.put("ntp", true);
		info.put("rateLimit", properties.rateLimit().enabled());
		return new EndpointDescriptor("udp", "datagram", info, new EndpointDescriptor.Udp(receiver,
				properties.bindAddress(), "udp", List.of(properties.format().dialect(), "ntp", "invalid")));
	}

	/**
	 * The clock's precision (20,000 clock reads) is measured on a thread of its own, so startup
	 * does not wait for it; only an NTP request in the first milliseconds would.
	 */
	@Bean
	NtpResponder ntpResponder(UdpProperties properties, Clock clock) {
		UdpProperties.Ntp ntp = properties.ntp();
		String referenceId = ntp.referenceId().isEmpty() ? ((ntp.stratum() == 1) ? "LOCL" : "127.127.1.0")
				: ntp.referenceId();
		CompletableFuture<NtpResponder.ClockInfo> info = CompletableFuture.supplyAsync(() -> {
			int precision = NtpResponder.measurePrecision(clock, 20_000);
			log.info("udp endpoint answers NTP as stratum {} ({}), precision 2^{} s, {}", ntp.stratum(), referenceId,
					precision, ntp.synchronised() ? "synchronised" : "not synchronised (leap indicator 3)");
			return new NtpResponder.ClockInfo(ntp.synchronised(), ntp.stratum(), referenceId, precision,
					ntp.rootDelay(), ntp.rootDispersion());
		}, UdpTimeFlowConfiguration::clockProbeThread);
		return new NtpResponder(clock, info);
	}

	private static void clockProbeThread(Runnable probe) {
		Thread thread = new Thread(probe, "ntp-clock-probe");
		thread.setDaemon(true);
		thread.start();
	}

	@Bean
	IntegrationFlow udpTimeFlow(@Qualifier(RECEIVER) BindingUdpReceiver receiver,
			@Qualifier("udp.requests") DirectChannel requests, @Qualifier("udp.replies") DirectChannel replies,
			UdpProperties properties, Clock clock, NtpResponder ntp, ObjectProvider<SourceRateLimiter> limiter,
			ObjectProvider<UdpTimeEvents> events) {
		TimeText text = new TimeText(clock, properties.format());
		String dialect = (properties.format() == TimeFormat.DAYTIME) ? "daytime" : "text";
		UdpTimeEvents listener = events.getIfAvailable(() -> UdpTimeEvents.NONE);
		UdpTimeResponder responder = new UdpTimeResponder("udp", dialect, received -> text.now(), ntp,
				limiter.getIfAvailable(), listener);
		return UdpTimeFlows.flow("udp", receiver, requests, replies, responder, listener);
	}

}
