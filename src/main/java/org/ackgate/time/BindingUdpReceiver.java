package org.ackgate.time;

import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;
import org.springframework.messaging.MessagingException;

import org.ackgate.system.EndpointBindException;

/**
 * Spring Integration's unicast UDP adapter, binding its socket when it starts instead of on
 * its receiving thread, so a port in use fails startup.
 */
final class BindingUdpReceiver extends UnicastReceivingChannelAdapter {

	private static final Logger log = LoggerFactory.getLogger("org.ackgate.time.UdpEndpoint");

	/** Larger than any UDP payload (65,507 bytes over IPv4), so no datagram is ever cut short. */
	static final int PACKET_BUFFER_SIZE = 65536;

	BindingUdpReceiver(UdpProperties properties, Executor workers) {
		super(properties.port());
		setReceiveBufferSize(PACKET_BUFFER_SIZE);
		setLookupHost(false);
		setTaskExecutor(workers);
		if (properties.bindAddress() != null) {
			setLocalAddress(properties.bindAddress());
		}
	}

	@Override
	protected void doStart() {
		try {
			getSocket();
		}
		catch (MessagingException ex) {
			throw new EndpointBindException("udp", "UDP", super.getPort(), getLocalAddress(),
					(ex.getCause() != null) ? ex.getCause() : ex);
		}
		log.atInfo().addKeyValue("endpoint", "udp").log("udp endpoint listening on UDP {}",
				getSocket().getLocalSocketAddress());
		super.doStart();
	}

}
