package org.ackgate.tcp;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

import org.ackgate.proxy.ProxyHeader;
import org.ackgate.proxy.ProxyHeaderReader;
import org.ackgate.proxy.ProxyHeaderViolation;

/**
 * The first step of a connection from a trusted load balancer, on the connection's own thread and
 * before anything else reads it (TLS included: the balancer sends the header in clear, ahead of
 * the ClientHello): read the PROXY header within its timeout, then apply the allow-list and the
 * per-source limit to the client it names, which becomes the connection's peer with the balancer
 * kept as {@link Peer#via()}. A header that keeps the balancer's address (v1 {@code UNKNOWN}, v2
 * {@code LOCAL}: the balancer's own health checks) leaves the peer as it is and is served without
 * those client checks. A bad, missing or late header refuses the connection: reason
 * {@code protocol}, protocol error {@code proxy_header}, one rate-limited WARN line.
 */
final class ProxyHeaderStep {

	private final EndpointServerSocket.SlotSocket transport;

	private final ConnectionAdmission admission;

	private final ProxyHeaderReader reader;

	ProxyHeaderStep(EndpointServerSocket.SlotSocket transport, ConnectionAdmission admission, Duration headerTimeout) {
		this.transport = transport;
		this.admission = admission;
		this.reader = new ProxyHeaderReader(headerTimeout);
	}

	/** @return whether the connection may go on; when not, it is closed and its refusal reported */
	boolean complete(EndpointConnection connection) {
		Peer balancer = connection.peer();
		ConnectionEvents events = connection.events();
		ProxyHeader header;
		try {
			header = this.reader.read(this.transport);
		}
		catch (ProxyHeaderViolation violation) {
			events.proxyHeaderFailed(balancer, violation.kind().label() + ": " + violation.getMessage());
			connection.closeUnopened();
			return false;
		}
		catch (EOFException ex) {
			// A balancer's plain TCP health check: connect, then close.
			events.closedBeforeHeader(balancer, CloseReason.CLIENT, "closed by the load balancer before a PROXY header");
			connection.closeUnopened();
			return false;
		}
		catch (IOException ex) {
			if (!connection.isClosing()) {
				// Closed by the drain or a sweep otherwise, which reported it.
				events.closedBeforeHeader(balancer, CloseReason.CLIENT,
						"closed while reading the PROXY header: " + ex.getMessage());
			}
			connection.closeUnopened();
			return false;
		}
		if (header.keepsBalancerAddress()) {
			return true;
		}
		Peer client = balancer.behind(header.source());
		ConnectionAdmission.Refusal refused = this.admission.tryAdmitSource(client);
		if (refused != null) {
			events.refused(client, refused);
			connection.closeUnopened();
			return false;
		}
		if (!this.transport.holdSourceSlot(client)) {
			this.admission.releaseSource(client);
			connection.closeUnopened();
			return false;
		}
		connection.identify(client);
		return true;
	}

}
