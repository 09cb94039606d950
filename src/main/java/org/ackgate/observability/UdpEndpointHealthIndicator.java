package org.ackgate.observability;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.integration.ip.udp.inbound.AbstractInternetProtocolReceivingChannelAdapter;

/** UP while the UDP receiver runs and its receive loop is listening, DOWN with the reason otherwise. */
final class UdpEndpointHealthIndicator implements HealthIndicator {

	private final AbstractInternetProtocolReceivingChannelAdapter receiver;

	UdpEndpointHealthIndicator(AbstractInternetProtocolReceivingChannelAdapter receiver) {
		this.receiver = receiver;
	}

	@Override
	public Health health() {
		Health.Builder health;
		if (!this.receiver.isRunning()) {
			health = Health.down().withDetail("reason", "stopped: the UDP receiver is not running");
		}
		else if (!this.receiver.isListening()) {
			health = Health.down().withDetail("reason", "not listening: the receive loop is not running");
		}
		else {
			health = Health.up();
		}
		return health.withDetail("transport", "udp").withDetail("port", this.receiver.getPort()).build();
	}

}
