package org.ackgate.observability;

import reactor.netty.resources.LoopResources;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.reactor.netty.autoconfigure.ReactorNettyProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The event loop of the management port's web server (Reactor Netty), owned by this application
 * context: made when it starts, stopped when it closes. Reactor Netty's default is one set of
 * loops for the whole JVM, which the first context to close stops under every other one still
 * serving in the same process. Without the web server ({@code spring.main.web-application-type=none})
 * there is nothing to serve, and no loop is made.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ManagementHttpConfiguration {

	/**
	 * One loop thread: the port answers the kubelet's probes and Prometheus's scrapes, and the
	 * actuator runs its blocking operations (health, the scrape) on Reactor's bounded elastic
	 * threads, not on the loop.
	 */
	private static final int LOOP_THREADS = 1;

	@Bean
	ReactorResourceFactory reactorResourceFactory(ReactorNettyProperties properties) {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		factory.setLoopResourcesSupplier(() -> LoopResources.create("management-http", LOOP_THREADS, true));
		if (properties.getShutdownQuietPeriod() != null) {
			factory.setShutdownQuietPeriod(properties.getShutdownQuietPeriod());
		}
		return factory;
	}

}
