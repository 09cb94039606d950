package org.ackgate.observability;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import org.ackgate.tcp.ConnectionAdmission;
import org.ackgate.tcp.EndpointServerConnectionFactory;

/**
 * UP while the endpoint's listening socket is open and accepting, DOWN with the reason otherwise.
 * An endpoint at its connection limit stays UP, with {@code atLimit: true}: the pod still serves
 * every open connection and its other endpoints, the excess is refused and counted
 * ({@code ackgate_connections_closed_total{reason="limit"}}), and taking the whole pod out of
 * rotation for one full port would only move the problem.
 */
final class TcpEndpointHealthIndicator implements HealthIndicator {

	private final EndpointServerConnectionFactory factory;

	TcpEndpointHealthIndicator(EndpointServerConnectionFactory factory) {
		this.factory = factory;
	}

	@Override
	public Health health() {
		ConnectionAdmission admission = this.factory.admission();
		Health.Builder health = this.factory.isAccepting() ? Health.up()
				: Health.down().withDetail("reason", downReason());
		int active = admission.activeConnections();
		return health.withDetail("transport", "tcp")
			.withDetail("port", this.factory.getPort())
			.withDetail("connections", active)
			.withDetail("maxConnections", admission.maxConnections())
			.withDetail("atLimit", active >= admission.maxConnections())
			.build();
	}

	private String downReason() {
		if (!this.factory.isRunning()) {
			return "stopped: the endpoint's connection factory is not running";
		}
		return "not accepting: the listening socket is not open (still starting, or closed for the shutdown drain)";
	}

}
