package org.ackgate.observability;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The state gauges stay readable after garbage collection: a gauge over a lambda must hold it strongly. */
class EndpointStateMetersTests {

	@Test
	void endpointUpSurvivesGarbageCollection() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("echo", new EndpointDescriptor("echo-udp", "datagram", Map.of(),
				new EndpointDescriptor.Udp(new UnicastReceivingChannelAdapter(0), "127.0.0.1", "echo", List.of("echo"))));
		MeterRegistry registry = new SimpleMeterRegistry();
		new EndpointStateMeters(beans.getBeanProvider(EndpointDescriptor.class)).bindTo(registry);

		// A weakly held object of our own tells when a collection has really cleared weak references.
		WeakReference<Object> canary = new WeakReference<>(new Object());
		await().until(() -> {
			System.gc();
			return canary.get() == null;
		});
		assertThat(registry.get(MeterNames.ENDPOINT_UP).tag(MeterNames.ENDPOINT, "echo-udp").gauge().value())
			.isEqualTo(0.0);
	}

}
