package org.ackgate.net;

/**
 * A listener that binds its port when it starts but serves it only once released.
 *
 * <p>Spring starts a flow's parts in phases (consumers first, gateways, then inbound adapters), and
 * a connection factory or UDP receiver is started early, as a dependency of the first part that
 * uses it. Served from that moment, a client connecting during startup met a flow whose next part
 * had not subscribed yet: its connection closed or its datagram went unanswered. Bound early, a
 * port in use still stops startup; served once everything has started, a client that connects
 * meanwhile waits in the kernel's accept queue or socket buffer and is then answered.
 */
public interface ServedOnRelease {

	/** Starts serving the bound port (now, or as soon as it is bound); later calls do nothing. */
	void release();

}
