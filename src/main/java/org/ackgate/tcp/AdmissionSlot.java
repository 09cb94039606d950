package org.ackgate.tcp;

import org.jspecify.annotations.Nullable;

/**
 * What one connection of the event-loop transport holds of its endpoint's limits: a slot under
 * the total, and its source's share under the per-source limit once its source is known (at
 * accept, or from a balancer's PROXY header). Given back once, when the channel closes. Used on
 * the connection's loop thread only.
 */
final class AdmissionSlot {

	private final ConnectionAdmission admission;

	private boolean held;

	private @Nullable Peer source;

	AdmissionSlot(ConnectionAdmission admission) {
		this.admission = admission;
	}

	/** The allow-list and both limits, for a peer that is the client itself. */
	ConnectionAdmission.@Nullable Refusal admit(Peer peer) {
		ConnectionAdmission.Refusal refused = this.admission.tryAdmit(peer);
		if (refused == null) {
			this.held = true;
			this.source = peer;
		}
		return refused;
	}

	/*
	 * Behind a balancer, only a trusted one may connect, and it takes a slot under the total limit
	 * alone: the allow-list and the per-source limit wait for the client its header names.
	 */
	ConnectionAdmission.@Nullable Refusal admitBalancer(Peer balancer, AllowList trusted) {
		if (!trusted.allows(balancer.inetAddress())) {
			return new ConnectionAdmission.Refusal(CloseReason.DENIED,
					"the address is not a trusted load balancer (proxy-protocol.trusted)");
		}
		ConnectionAdmission.Refusal refused = this.admission.tryAdmitConnection();
		if (refused == null) {
			this.held = true;
		}
		return refused;
	}

	/** The allow-list and the per-source limit for the client a balancer's header named. */
	ConnectionAdmission.@Nullable Refusal admitClient(Peer client) {
		ConnectionAdmission.Refusal refused = this.admission.tryAdmitSource(client);
		if (refused == null) {
			if (this.held) {
				this.source = client;
			}
			else {
				this.admission.releaseSource(client);
			}
		}
		return refused;
	}

	void release() {
		if (!this.held) {
			return;
		}
		this.held = false;
		Peer client = this.source;
		if (client != null) {
			this.admission.release(client);
		}
		else {
			this.admission.releaseConnection();
		}
	}

}
